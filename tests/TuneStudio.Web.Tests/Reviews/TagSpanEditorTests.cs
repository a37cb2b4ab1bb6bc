using Bunit;
using Microsoft.AspNetCore.Components.Web;
using TuneStudio.Web.Components.Pages.Review;
using TuneStudio.Web.Tests.Components;

namespace TuneStudio.Web.Tests.Reviews;

public sealed class TagSpanEditorTests : ComponentTestContext
{
    private IRenderedComponent<TagSpanEditor> Editor(string tags) =>
        Render<TagSpanEditor>(p => p
            .Add(c => c.Tokens, ["Peter", "Blackburn", "visited", "New", "York"])
            .Add(c => c.InitialTags, tags.Split(' '))
            .Add(c => c.EntityTypes, ["LOC", "PER"]));

    private static string Shown(IRenderedComponent<TagSpanEditor> editor) =>
        string.Join(' ', editor.FindAll(".ner-token").Select(t => t.GetAttribute("data-tag")));

    private static async Task Keys(IRenderedComponent<TagSpanEditor> editor, params string[] keys)
    {
        foreach (var key in keys) Assert.True(await editor.InvokeAsync(() => editor.Instance.HandleKey(key)), key);
    }

    [Fact]
    public async Task Keys_select_runs_of_tokens_and_digits_give_them_an_entity_with_IOB2_prefixes()
    {
        var editor = Editor("O O O O O");

        await Keys(editor, "Shift+ArrowRight", "2");                                   // Peter Blackburn → PER
        await Keys(editor, "ArrowRight", "ArrowRight", "Shift+ArrowRight", "1");       // New York → LOC

        Assert.Equal("B-PER I-PER O B-LOC I-LOC", Shown(editor));
        Assert.Equal("B-PER I-PER O B-LOC I-LOC", string.Join(' ', editor.Instance.Tags));
        Assert.Equal(["New", "York"], editor.FindAll(".ner-token[data-selected=true] .ner-word").Select(w => w.TextContent));

        // The cursor (on York) moves left twice from the anchor (New): "visited New" → O, and York, now alone, is B-LOC.
        await Keys(editor, "Shift+ArrowLeft", "Shift+ArrowLeft", "0");

        Assert.Equal("B-PER I-PER O O B-LOC", Shown(editor));
    }

    [Fact]
    public void Clicks_select_a_token_or_a_shift_run_and_a_chip_sets_its_type_or_clears_it()
    {
        var editor = Editor("B-PER I-PER O B-LOC I-LOC");

        // Clearing "New" leaves "York" a location of its own: its I-LOC becomes B-LOC.
        editor.FindAll(".ner-token")[3].Click();
        editor.Find("#ner-clear").Click();
        Assert.Equal("B-PER I-PER O O B-LOC", Shown(editor));

        // "Blackburn visited" as one PER, chosen by click and Shift+click, splits Peter's entity cleanly.
        editor.FindAll(".ner-token")[1].Click();
        editor.FindAll(".ner-token")[2].Click(new MouseEventArgs { ShiftKey = true });
        editor.Find(".ner-type[data-type=PER]").Click();

        Assert.Equal("B-PER B-PER I-PER O B-LOC", Shown(editor));
    }

    [Fact]
    public async Task Keys_the_editor_does_not_own_are_left_to_the_page()
    {
        var editor = Editor("O O O O O");

        Assert.False(await editor.InvokeAsync(() => editor.Instance.HandleKey("Enter")));
        Assert.False(await editor.InvokeAsync(() => editor.Instance.HandleKey("S")));
        Assert.Equal("O O O O O", Shown(editor));
    }
}
