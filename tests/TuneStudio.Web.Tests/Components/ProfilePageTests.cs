using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TuneStudio.Storage.Accounts;
using TuneStudio.Web.Components.Pages.Account;
using TuneStudio.Web.Security;

namespace TuneStudio.Web.Tests.Components;

public sealed class ProfilePageTests : ComponentTestContext
{
    public ProfilePageTests()
    {
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton(Options.Create(new AccountOptions()));
        Services.AddSingleton<UserStore>();
        Services.AddSingleton<ApiTokenStore>();
        Services.AddSingleton<UserAccounts>();
        Services.AddSingleton<ApiTokens>();
    }

    [Fact]
    public async Task A_new_token_is_shown_once_works_and_can_be_revoked()
    {
        Services.GetRequiredService<UserAccounts>().Create("engineer", "engineer-password", Roles.Engineer, "test");
        var tokens = Services.GetRequiredService<ApiTokens>();
        var page = Render<ProfilePage>();

        page.Find("#token-name").Input("laptop");
        await page.Find("#create-token").ClickAsync(new());
        var shown = page.Find(".new-token-value").TextContent;

        Assert.Equal("engineer", tokens.Authenticate(shown)?.UserName);
        Assert.Contains("laptop", page.Find("#tokens-table").TextContent);
        var reopened = Render<ProfilePage>();
        Assert.DoesNotContain(shown, reopened.Markup);

        await reopened.Find(".revoke-token").ClickAsync(new());
        Assert.Null(tokens.Authenticate(shown));
        Assert.Contains("revoked", reopened.Find("#tokens-table").TextContent);
    }
}
