namespace TuneStudio.Storage.Accounts;

// Kept apart from CollectionNames so account work merges without touching the dataset and run stores.
internal static class AccountCollections
{
    public const string Users = "users";
    public const string ApiTokens = "api_tokens";
    public const string Audit = "audit";
}
