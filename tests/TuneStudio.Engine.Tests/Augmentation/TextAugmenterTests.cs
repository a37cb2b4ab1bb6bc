using TuneStudio.Engine.Augmentation;

namespace TuneStudio.Engine.Tests.Augmentation;

public class TextAugmenterTests
{
    private static readonly string[] Sentences =
    [
        "the quick brown fox jumps over the lazy dog",
        "Shipping was slow, but the support team (Anna) fixed it in 2 days!",
        "  leading and  doubled   spaces\tand a tab ",
        "ein Satz mit Umlauten: Größe, Übermaß, schön",
        "one",
    ];

    private static TextAugmenter Augmenter(double deletion = 0, double swap = 0, double typo = 0, int seed = 7) =>
        new(new TextAugmentationOptions { DeletionProbability = deletion, SwapProbability = swap, TypoProbability = typo }, seed);

    private static string[] WordsOf(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Probability_zero_gives_back_every_text_unchanged()
    {
        var augmenter = Augmenter();
        foreach (var sentence in Sentences)
            for (var index = 0; index < 20; index++)
                Assert.Equal(sentence, augmenter.Augment(sentence, epoch: 1, exampleIndex: index));
    }

    [Fact]
    public void Deletion_drops_whole_words_in_order_and_never_all_of_them()
    {
        var augmenter = Augmenter(deletion: 0.99);
        var dropped = 0;
        foreach (var sentence in Sentences)
            for (var index = 0; index < 50; index++)
            {
                var augmented = WordsOf(augmenter.Augment(sentence, 1, index));
                var original = WordsOf(sentence);
                Assert.NotEmpty(augmented);
                Assert.True(IsSubsequence(augmented, original), $"'{string.Join(' ', augmented)}' is not an in-order subset of '{sentence}'");
                dropped += original.Length - augmented.Length;
            }
        Assert.True(dropped > 0, "deletion at 0.99 dropped nothing");
    }

    [Fact]
    public void Deletion_at_a_moderate_rate_keeps_some_texts_whole_and_shortens_others()
    {
        var augmenter = Augmenter(deletion: 0.2);
        var lengths = Enumerable.Range(0, 100).Select(index => WordsOf(augmenter.Augment(Sentences[0], 1, index)).Length).ToList();

        Assert.Contains(9, lengths);
        Assert.Contains(lengths, length => length < 9);
    }

    [Fact]
    public void Swap_keeps_the_same_words_and_changes_their_order()
    {
        var augmenter = Augmenter(swap: 0.5);
        var reordered = 0;
        foreach (var sentence in Sentences)
            for (var index = 0; index < 30; index++)
            {
                var augmented = augmenter.Augment(sentence, 1, index);
                Assert.Equal(WordsOf(sentence).Order(StringComparer.Ordinal), WordsOf(augmented).Order(StringComparer.Ordinal));
                if (augmented != sentence) reordered++;
            }
        Assert.True(reordered > 0, "swap at 0.5 changed no order");
    }

    [Fact]
    public void Swap_keeps_the_whitespace_between_positions()
    {
        var sentence = Sentences[2];
        var augmented = Augmenter(swap: 0.9).Augment(sentence, 1, 0);

        Assert.NotEqual(sentence, augmented);
        Assert.Equal(Gaps(sentence), Gaps(augmented));
    }

    [Fact]
    public void Typos_only_touch_letters_and_never_empty_a_word()
    {
        var augmenter = Augmenter(typo: 0.5);
        var changed = 0;
        foreach (var sentence in Sentences)
            for (var index = 0; index < 30; index++)
            {
                var augmented = augmenter.Augment(sentence, 1, index);
                Assert.Equal(sentence.Where(c => !char.IsLetter(c)), augmented.Where(c => !char.IsLetter(c)));
                Assert.Equal(WordsOf(sentence).Length, WordsOf(augmented).Length);
                if (augmented != sentence) changed++;
            }
        Assert.True(changed > 0, "typos at 0.5 changed nothing");
    }

    [Fact]
    public void Typos_are_keyboard_neighbours_drops_or_doubles_of_the_original_letters()
    {
        // A one-letter word at a high rate: each result is a neighbour of 'g' in its case, or 'g' doubled (never empty).
        var augmenter = Augmenter(typo: 0.99);
        var seen = Enumerable.Range(0, 200).Select(index => augmenter.Augment("G", 1, index)).ToHashSet();

        Assert.Subset(new HashSet<string> { "G", "GG", "F", "H", "T", "Y", "V", "B" }, seen);
        Assert.Contains("GG", seen);
        Assert.Contains(seen, typo => typo.Length == 1 && typo != "G");
    }

    [Fact]
    public void The_same_seed_epoch_and_index_give_the_same_noise_and_others_differ()
    {
        var options = (deletion: 0.2, swap: 0.2, typo: 0.1);
        var first = Augmenter(options.deletion, options.swap, options.typo, seed: 11);
        var again = Augmenter(options.deletion, options.swap, options.typo, seed: 11);
        var otherSeed = Augmenter(options.deletion, options.swap, options.typo, seed: 12);
        string Run(TextAugmenter augmenter, int epoch) =>
            string.Join("\n", Enumerable.Range(0, 40).Select(index => augmenter.Augment(Sentences[index % Sentences.Length], epoch, index)));

        Assert.Equal(Run(first, 1), Run(again, 1));
        Assert.NotEqual(Run(first, 1), Run(first, 2));
        Assert.NotEqual(Run(first, 1), Run(otherSeed, 1));
    }

    [Fact]
    public void Each_example_draws_its_own_noise_whatever_the_order_it_is_asked_in()
    {
        var augmenter = Augmenter(0.2, 0.2, 0.1);
        var forwards = Enumerable.Range(0, 20).Select(index => augmenter.Augment(Sentences[1], 3, index)).ToList();
        var backwards = Enumerable.Range(0, 20).Reverse().Select(index => augmenter.Augment(Sentences[1], 3, index)).Reverse().ToList();

        Assert.Equal(forwards, backwards);
        Assert.True(forwards.Distinct().Count() > 10, "different examples got the same noise");
    }

    private static bool IsSubsequence(string[] part, string[] whole)
    {
        var at = 0;
        foreach (var word in whole)
            if (at < part.Length && part[at] == word) at++;
        return at == part.Length;
    }

    private static string[] Gaps(string text) => System.Text.RegularExpressions.Regex.Split(text, @"\S+");
}
