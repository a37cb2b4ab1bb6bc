using TuneStudio.Storage.Reviews;

namespace TuneStudio.Storage.Tests.Reviews;

public class TagSpansTests
{
    private static string Label(string tags, int first, int last, string? type) => string.Join(' ', TagSpans.Label(tags.Split(' '), first, last, type));

    [Theory]
    [InlineData("O O O O", 1, 2, "PER", "O B-PER I-PER O")]
    [InlineData("O O O O", 3, 3, "LOC", "O O O B-LOC")]
    // Cutting into an entity: the token after the run starts its own entity.
    [InlineData("B-ORG I-ORG I-ORG O", 0, 0, "PER", "B-PER B-ORG I-ORG O")]
    [InlineData("B-ORG I-ORG I-ORG O", 1, 1, null, "B-ORG O B-ORG O")]
    [InlineData("B-ORG I-ORG I-ORG O", 0, 2, null, "O O O O")]
    // A run chosen right to left is the same run.
    [InlineData("O O O", 2, 0, "LOC", "B-LOC I-LOC I-LOC")]
    // Retyping the middle of one entity splits it in three, each valid.
    [InlineData("B-ORG I-ORG I-ORG I-ORG", 1, 2, "LOC", "B-ORG B-LOC I-LOC B-ORG")]
    public void A_run_of_tokens_gets_one_entity_and_the_tags_stay_IOB2(string before, int first, int last, string? type, string expected)
    {
        var after = Label(before, first, last, type);

        Assert.Equal(expected, after);
        Assert.Null(TagSpans.Problem(before.Split(' ').Length, after, ["ORG", "PER", "LOC"]));
    }

    [Theory]
    [InlineData("O B-PER", 3, "has 3 tokens but the answer has 2 tags")]
    [InlineData("O I-PER O", 3, "'I-PER' at token 2 follows 'O'")]
    [InlineData("I-PER O O", 3, "follows the start of the sentence")]
    [InlineData("B-PER I-LOC O", 3, "'I-LOC' at token 2 follows 'B-PER'")]
    [InlineData("B-XYZ O O", 3, "names no entity type of this task: LOC, PER")]
    [InlineData("PER O O", 3, "'PER' at token 1 is not an IOB2 tag")]
    public void An_answer_that_is_not_valid_IOB2_for_the_sentence_is_named(string tags, int tokens, string message)
    {
        Assert.Contains(message, TagSpans.Problem(tokens, tags, ["LOC", "PER"]));
    }

    [Fact]
    public void Entity_types_come_from_the_tags_without_their_prefixes()
    {
        Assert.Equal(["LOC", "MISC", "PER"], TagSpans.EntityTypes(["O", "B-PER", "I-PER", "B-MISC", "B-LOC", "I-MISC"]));
    }
}
