namespace TuneStudio.Storage.Accounts;

/// <summary>An API token as stored: only the SHA-256 of the token, never the token itself.</summary>
public sealed class ApiTokenRecord
{
    public string Id { get; set; } = "";
    public string UserId { get; set; } = "";
    public string Name { get; set; } = "";
    public string TokenHash { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime? ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}
