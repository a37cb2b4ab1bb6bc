namespace TuneStudio.Storage;

// The one rule for text that people name things with (datasets, runs, models, labels, review tasks, tokens, users)
// and for free notes (comments, label definitions). Names are refused, not cleaned, when they hold characters that
// change how text around them is shown: bidi controls can make "exe.txt" read as "txt.exe" on a page, and
// zero-width characters make two names that look the same different. Refusing keeps what is stored exactly what
// was typed, and the message names the field and the character so the sender can fix it.
public static class InputText
{
    public const int MaxNameLength = 200;
    public const int MaxNoteLength = 10_000;

    // U+200E/F marks, U+202A–202E embeddings and overrides, U+2066–2069 isolates; U+200B–200D zero-width space,
    // non-joiner, joiner; U+FEFF zero-width no-break space (a BOM inside text).
    public static bool IsHidden(char c) => c is '\u200B' or '\u200C' or '\u200D' or '\u200E' or '\u200F' or '\uFEFF'
        or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    public static int IndexOfHidden(string text)
    {
        for (int i = 0; i < text.Length; i++)
            if (IsHidden(text[i])) return i;
        return -1;
    }

    // Null when the name is acceptable (empty is the caller's business: some names have defaults).
    public static string? CheckName(string? name, string what = "The name")
    {
        if (name is null) return null;
        if (name.Length > MaxNameLength) return $"{what} is {name.Length:N0} characters long; at most {MaxNameLength} are allowed.";
        return HiddenMessage(name, what);
    }

    public static string? CheckNote(string? note, string what = "The note")
    {
        if (note is null) return null;
        return note.Length > MaxNoteLength ? $"{what} is {note.Length:N0} characters long; at most {MaxNoteLength:N0} are allowed." : null;
    }

    private static string? HiddenMessage(string text, string what)
    {
        var at = IndexOfHidden(text);
        return at < 0
            ? null
            : $"{what} contains the invisible character U+{(int)text[at]:X4} at position {at + 1}; bidi controls and zero-width characters are not allowed in names.";
    }
}
