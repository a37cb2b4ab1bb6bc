using System.Buffers.Binary;
using System.Security.Cryptography;

namespace TuneStudio.Storage;

/// <summary>
/// Cuts a stream of rows into pages where the rows themselves say so (content-defined chunking): a page ends after
/// a row whose hash is divisible by <see cref="AverageRows"/>. Fixed-size pages would shift every boundary after one
/// dropped row and share nothing with the parent; content-defined ones re-align at the next boundary, so a deletion,
/// insertion or edit changes only the page or two around it. Caps on rows and characters bound a page's size when the
/// hashes happen not to cut for a while.
/// </summary>
internal sealed class PageChunker
{
    public const int AverageRows = 64;
    public const int MaxRows = 512;
    public const long MaxCharacters = 1_000_000;

    private readonly List<StoredRow> _rows = [];
    private readonly IncrementalHash _pageHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _characters;

    /// <summary>Adds a row; returns the finished page when this row ends one.</summary>
    public FinishedPage? Add(StoredRow row)
    {
        var rowHash = RowPage.RowHash(row);
        _rows.Add(row);
        _pageHash.AppendData(rowHash);
        _characters += row.Text.Length + row.Label.Length;
        var cut = BinaryPrimitives.ReadUInt32LittleEndian(rowHash) % AverageRows == 0;
        return cut || _rows.Count >= MaxRows || _characters >= MaxCharacters ? Finish() : null;
    }

    /// <summary>The last, partial page, if any rows are left.</summary>
    public FinishedPage? Flush() => _rows.Count == 0 ? null : Finish();

    private FinishedPage Finish()
    {
        // 128 bits of SHA-256 name a page: collisions are out of reach, and shorter keys keep page lists small.
        var hash = Convert.ToHexStringLower(_pageHash.GetHashAndReset(), 0, 16);
        var page = new FinishedPage(hash, _rows.ToList());
        _rows.Clear();
        _characters = 0;
        return page;
    }
}

internal sealed record FinishedPage(string Hash, IReadOnlyList<StoredRow> Rows);
