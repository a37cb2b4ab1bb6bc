namespace TuneStudio.Web.Tests.Support;

// A fresh studio per test with the real first-names dataset already uploaded.
public abstract class StudioWithNamesTest : IAsyncLifetime
{
    protected StudioServer Studio { get; private set; } = default!;
    protected string DatasetId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Studio = await StudioServer.StartAsync(null, Configure);
        DatasetId = await Studio.UploadNamesAsync();
    }

    public virtual async Task DisposeAsync() => await Studio.DisposeAsync();

    // Services a test adds to its studio before it starts (a StepGate, for one).
    protected virtual void Configure(Microsoft.AspNetCore.Builder.WebApplicationBuilder builder) { }
}
