namespace TuneStudio.Engine.Augmentation;

// Keys next to each letter on a QWERTY keyboard: the letters a slipping finger hits instead.
internal static class KeyboardNeighbours
{
    private static readonly Dictionary<char, string> Table = new()
    {
        ['q'] = "wa", ['w'] = "qeas", ['e'] = "wrsd", ['r'] = "etdf", ['t'] = "ryfg", ['y'] = "tugh", ['u'] = "yihj",
        ['i'] = "uojk", ['o'] = "ipkl", ['p'] = "ol",
        ['a'] = "qwsz", ['s'] = "adwezx", ['d'] = "sferxc", ['f'] = "dgrtcv", ['g'] = "fhtyvb", ['h'] = "gjyubn",
        ['j'] = "hkuinm", ['k'] = "jliom", ['l'] = "kop",
        ['z'] = "asx", ['x'] = "zcsd", ['c'] = "xvdf", ['v'] = "cbfg", ['b'] = "vngh", ['n'] = "bmhj", ['m'] = "njk",
    };

    // The neighbours of an ASCII letter in its own case; empty for any other letter (é, ß, non-Latin scripts).
    public static string Of(char letter)
    {
        if (!Table.TryGetValue(char.ToLowerInvariant(letter), out var neighbours)) return "";
        return char.IsUpper(letter) ? neighbours.ToUpperInvariant() : neighbours;
    }
}
