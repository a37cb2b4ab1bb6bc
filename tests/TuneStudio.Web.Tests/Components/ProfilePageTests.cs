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
        Services.AddSingleton<SignInThrottle>();
        Services.AddSingleton<PasswordSignIn>();
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

    [Fact]
    public async Task Failed_sign_ins_to_the_account_are_shown_until_dismissed()
    {
        Services.GetRequiredService<UserAccounts>().Create("engineer", "engineer-password", Roles.Engineer, "test");
        var signIn = Services.GetRequiredService<PasswordSignIn>();
        signIn.Check("engineer", "guess-1", "10.0.0.7");
        signIn.Check("engineer", "guess-2", "10.0.0.8");
        signIn.Check("engineer", "engineer-password", "10.0.0.1");

        var page = Render<ProfilePage>();
        var warning = page.Find("#failed-sign-ins").TextContent;
        Assert.Contains("2 failed sign-ins", warning);
        Assert.Contains("2 addresses", warning);
        Assert.Contains("10.0.0.8", warning);

        await page.Find("#failed-sign-ins button").ClickAsync(new());
        Assert.Empty(page.FindAll("#failed-sign-ins"));
        Assert.Empty(Render<ProfilePage>().FindAll("#failed-sign-ins"));
        signIn.Check("engineer", "guess-3", "10.0.0.9");
        Assert.Contains("1 failed sign-in to", Render<ProfilePage>().Find("#failed-sign-ins").TextContent);
    }
}
