using System.Text;
using System.Text.RegularExpressions;

namespace TuneStudio.Engine.Augmentation;

// Synonym-free text noise for training examples (EDA's deletion and swap, plus keyboard typos), applied in this
// order to each example: drop words, swap neighbours, then slip on letters. Every choice comes from an ExampleRandom
// keyed by (seed, epoch, example index), so the same run sees the same noise on a resume and new noise each epoch.
// Whitespace between words is kept as it was, so a text with no noise drawn comes back unchanged.
public sealed partial class TextAugmenter(TextAugmentationOptions options, int seed)
{
    public TextAugmentationOptions Options { get; } = options;

    public string Augment(string text, int epoch, int exampleIndex)
    {
        if (!Options.Enabled) return text;
        var random = new ExampleRandom(seed, epoch, exampleIndex);
        var words = Words().Matches(text);
        if (words.Count == 0) return text;

        var kept = KeepWords(words.Count, ref random);
        var texts = kept.Select(index => words[index].Value).ToArray();
        SwapNeighbours(texts, ref random);
        for (var i = 0; i < texts.Length; i++) texts[i] = AddTypos(texts[i], ref random);

        // The word at each position takes the gap that followed the original word there; the last keeps the tail.
        string GapAfter(int word) => word + 1 < words.Count
            ? text[(words[word].Index + words[word].Length)..words[word + 1].Index]
            : text[(words[word].Index + words[word].Length)..];
        var output = new StringBuilder(text.Length + 8);
        output.Append(text, 0, words[0].Index);
        for (var position = 0; position < texts.Length; position++)
            output.Append(texts[position]).Append(GapAfter(position + 1 < texts.Length ? kept[position] : words.Count - 1));
        return output.ToString();
    }

    // Indices of the words that survive deletion; if every word drew deletion, one drawn at random stays.
    private List<int> KeepWords(int count, ref ExampleRandom random)
    {
        var kept = new List<int>(count);
        for (var i = 0; i < count; i++)
            if (!random.Chance(Options.DeletionProbability)) kept.Add(i);
        if (kept.Count == 0) kept.Add(random.Next(count));
        return kept;
    }

    private void SwapNeighbours(string[] words, ref ExampleRandom random)
    {
        for (var i = 0; i + 1 < words.Length; i++)
            if (random.Chance(Options.SwapProbability)) (words[i], words[i + 1]) = (words[i + 1], words[i]);
    }

    // Each letter, with the typo probability, becomes a keyboard neighbour, is dropped or is doubled. Anything that
    // is not a letter (digits, punctuation, marks, surrogate halves) is copied as is, and a word never loses its
    // last character, so typos cannot delete a word.
    private string AddTypos(string word, ref ExampleRandom random)
    {
        if (Options.TypoProbability <= 0) return word;
        var output = new StringBuilder(word.Length + 4);
        for (var i = 0; i < word.Length; i++)
        {
            var letter = word[i];
            if (!char.IsLetter(letter) || !random.Chance(Options.TypoProbability))
            {
                output.Append(letter);
                continue;
            }

            var neighbours = KeyboardNeighbours.Of(letter);
            var canDrop = output.Length + (word.Length - i - 1) > 0;
            switch (random.Next(3))
            {
                case 0 when neighbours.Length > 0:
                    output.Append(neighbours[random.Next(neighbours.Length)]);
                    break;
                case 1 when canDrop:
                    break;
                default:
                    output.Append(letter).Append(letter);
                    break;
            }
        }
        return output.ToString();
    }

    [GeneratedRegex(@"\S+")]
    private static partial Regex Words();
}
