namespace TuneStudio.Web.Tests.Support;

// A fresh studio per test with the real first-names dataset already uploaded.
public abstract class StudioWithNamesTest : IAsyncLifetime
{
    protected StudioServer Studio { get; private set; } = default!;
    protected string DatasetId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Studio = await StudioServer.StartAsync();
        DatasetId = await Studio.UploadNamesAsync();
    }

    public async Task DisposeAsync() => await Studio.DisposeAsync();
}
