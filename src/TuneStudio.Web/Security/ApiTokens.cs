using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using TuneStudio.Storage.Accounts;
using TuneStudio.Storage.Audit;

namespace TuneStudio.Web.Security;

public sealed record IssuedToken(string Id, string Token, DateTime? ExpiresAt);

// API tokens: 32 random bytes shown once; only their SHA-256 is stored, so a copy of the database grants nothing.
public sealed class ApiTokens(ApiTokenStore tokens, UserStore users, AuditLog audit, IOptions<AccountOptions> options, TimeProvider clock)
{
    public const string Prefix = "ts_";

    // Null when the name may label a token; shown on the Profile page and in the audit log like any name.
    public static string? NameProblem(string? name) => TuneStudio.Storage.InputText.CheckName(name?.Trim(), "The token's name");

    public IssuedToken Create(string userName, string name, string by)
    {
        if (NameProblem(name) is { } problem) throw new ArgumentException(problem, nameof(name));
        var user = users.Get(userName) ?? throw new KeyNotFoundException($"There is no user '{userName}'.");
        var token = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = clock.GetUtcNow().UtcDateTime;
        var stored = tokens.Create(new ApiTokenRecord
        {
            UserId = user.Id,
            Name = string.IsNullOrWhiteSpace(name) ? "token" : name.Trim(),
            TokenHash = HashOf(token),
            ExpiresAt = now.AddDays(options.Value.TokenDays),
        });
        audit.Record(by, AuditActions.TokenCreated, user.UserName, $"{stored.Id} ({stored.Name})");
        return new IssuedToken(stored.Id, token, stored.ExpiresAt);
    }

    public IReadOnlyList<ApiTokenRecord> ListFor(string userName) => tokens.ListForUser(UserStore.IdOf(userName));

    /// <summary>Revokes one of the user's own tokens; false when it is not theirs or already revoked.</summary>
    public bool Revoke(string userName, string tokenId, string by)
    {
        var token = tokens.Get(tokenId);
        if (token is null || token.UserId != UserStore.IdOf(userName)) return false;
        if (!tokens.Revoke(tokenId, clock.GetUtcNow().UtcDateTime)) return false;
        audit.Record(by, AuditActions.TokenRevoked, userName, $"{token.Id} ({token.Name})");
        return true;
    }

    /// <summary>The user a presented token belongs to, or null when it is unknown, revoked, expired or its user disabled.</summary>
    public UserRecord? Authenticate(string presented) => AuthenticateWithId(presented)?.User;

    public (UserRecord User, string TokenId)? AuthenticateWithId(string presented)
    {
        if (string.IsNullOrEmpty(presented) || !presented.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var token = tokens.FindByHash(HashOf(presented));
        return token is not null && UserOf(token) is { } user ? (user, token.Id) : null;
    }

    /// <summary>The token's user while the token is neither revoked nor expired and the user is enabled; otherwise null.</summary>
    public UserRecord? StillValid(string tokenId) => tokens.Get(tokenId) is { } token ? UserOf(token) : null;

    private UserRecord? UserOf(ApiTokenRecord token)
    {
        if (token.RevokedAt is not null || token.ExpiresAt <= clock.GetUtcNow().UtcDateTime) return null;
        return users.Get(token.UserId) is { Disabled: false } user ? user : null;
    }

    private static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
