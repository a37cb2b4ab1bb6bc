using Microsoft.Extensions.Options;

namespace TuneStudio.Web.Security;

public sealed record ClientLock(string Client, DateTime Until);

// Failed sign-ins counted per client and per (account, client), never per account alone: an attacker who guesses
// the admin's password from one address locks only that address out of the admin account, and an address that
// fails against many accounts is stopped first. Failures made during a lock count too, so a patient attacker stays
// locked. Kept in memory: a restart forgets the locks, which no attacker can cause, and the user's record keeps
// what the owner should be told (UserAccounts.FailedSignIns).
public sealed class SignInThrottle(IOptions<AccountOptions> options, TimeProvider clock)
{
    private sealed class Counter
    {
        public readonly Queue<DateTime> Failures = new();
        public DateTime LockedUntil;
    }

    private const string Separator = "\u0000";
    private readonly Dictionary<string, Counter> _clients = [];
    private readonly Dictionary<string, Counter> _pairs = [];
    private readonly Lock _lock = new();

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>When the client may try this account again; null when it may now.</summary>
    public DateTime? LockedUntil(string? userId, string client)
    {
        var now = Now;
        lock (_lock)
        {
            var until = Until(_clients, client, now);
            if (userId is not null) until = Later(until, Until(_pairs, Pair(userId, client), now));
            return until;
        }
    }

    /// <summary>Counts a failure (of a known account when userId is given); true when the client is now locked out of it.</summary>
    public bool Fail(string? userId, string client)
    {
        var o = options.Value;
        var now = Now;
        lock (_lock)
        {
            if (_clients.Count + _pairs.Count > 100_000) Forget(now);
            bool locked = Count(_clients, client, now, o.ClientLockoutFailures, o);
            if (userId is not null) locked |= Count(_pairs, Pair(userId, client), now, o.LockoutFailures, o);
            return locked;
        }
    }

    public void Succeeded(string userId, string client)
    {
        lock (_lock) _pairs.Remove(Pair(userId, client));
    }

    /// <summary>The clients now locked out of the account, longest lock first.</summary>
    public IReadOnlyList<ClientLock> LocksOf(string userId)
    {
        var now = Now;
        var prefix = userId + Separator;
        lock (_lock)
            return _pairs.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal) && p.Value.LockedUntil > now)
                .Select(p => new ClientLock(p.Key[prefix.Length..], p.Value.LockedUntil))
                .OrderByDescending(l => l.Until).ToList();
    }

    /// <summary>Lifts every lock on the account (not the clients' own locks, which other accounts earned too); returns how many.</summary>
    public int Unlock(string userId)
    {
        var prefix = userId + Separator;
        lock (_lock)
        {
            var keys = _pairs.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            int locked = keys.Count(k => _pairs[k].LockedUntil > Now);
            foreach (var key in keys) _pairs.Remove(key);
            return locked;
        }
    }

    private static string Pair(string userId, string client) => userId + Separator + client;

    private static DateTime? Until(Dictionary<string, Counter> counters, string key, DateTime now) =>
        counters.TryGetValue(key, out var c) && c.LockedUntil > now ? c.LockedUntil : null;

    private static DateTime? Later(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static bool Count(Dictionary<string, Counter> counters, string key, DateTime now, int limit, AccountOptions o)
    {
        if (!counters.TryGetValue(key, out var c)) counters[key] = c = new Counter();
        var windowStart = now.AddMinutes(-o.LockoutWindowMinutes);
        while (c.Failures.Count > 0 && c.Failures.Peek() < windowStart) c.Failures.Dequeue();
        c.Failures.Enqueue(now);
        if (c.Failures.Count >= limit) c.LockedUntil = now.AddMinutes(o.LockoutMinutes);
        return c.LockedUntil > now;
    }

    // Bounds memory against an attacker cycling through addresses or names: drop whatever can no longer lock.
    private void Forget(DateTime now)
    {
        var windowStart = now.AddMinutes(-options.Value.LockoutWindowMinutes);
        foreach (var counters in new[] { _clients, _pairs })
            foreach (var key in counters.Where(p => p.Value.LockedUntil <= now && (p.Value.Failures.Count == 0 || p.Value.Failures.Last() < windowStart))
                         .Select(p => p.Key).ToList())
                counters.Remove(key);
    }
}
