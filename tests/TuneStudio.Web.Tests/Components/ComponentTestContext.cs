using Bunit;
using Bunit.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using TuneStudio.Engine;
using TuneStudio.Storage;
using TuneStudio.Storage.Audit;
using TuneStudio.Web.Datasets;
using TuneStudio.Web.Runs;
using TuneStudio.Web.Security;
using TuneStudio.Web.Telemetry;

using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Components;

// bunit with the studio's real services over a real LiteDB file in a temporary folder.
public abstract class ComponentTestContext : BunitContext, IAsyncLifetime
{
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "tunestudio-bunit-" + Guid.NewGuid().ToString("N"));

    protected ComponentTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        // A deadline, not a speed goal: a busy 2-core machine must give the same verdict as an idle one.
        DefaultWaitTimeout = TimeSpan.FromSeconds(30);
        Services.AddMudServices();
        Services.AddSingleton(new StudioDatabase(_dataPath));
        Services.AddSingleton<DatasetStore>();
        Services.AddSingleton<RunStore>();
        Services.AddSingleton<AuditLog>();
        Services.AddSingleton<MetricStore>();
        Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        Services.AddSingleton(Options.Create(new StudioOptions { MaxUploadBytes = 1024 * 1024, LiveUpdateIntervalMs = 10 }));
        Services.AddSingleton<DatasetUploads>();
        Services.AddSingleton<TuneStudio.Storage.Reviews.ReviewStore>();
        Services.AddSingleton<TuneStudio.Storage.Reviews.LabelDefinitionStore>();
        Services.AddSingleton<TuneStudio.Storage.Accounts.UserStore>();
        Services.AddSingleton<TuneStudio.Web.Reviews.ReviewService>();
        Services.AddSingleton<DatasetDeletion>();
        Services.AddSingleton<AugmentationPreviews>();
        Services.AddSingleton<ImageAugmentationPreviews>();
        Services.AddSingleton<RunTelemetry>();
        Services.AddSingleton<RunQueue>();
        Services.AddSingleton(new ModelCatalog());
        Services.AddSingleton<RunPlans>();
        Services.AddSingleton<StudioPaths>();
        Services.AddSingleton(Options.Create(new StudioLimits()));
        Services.AddSingleton<RunMemoryLimit>();
        Services.AddSingleton<RunService>();
        Services.AddSingleton<DatasetAccess>();
        Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        Services.AddSingleton<TuneStudio.Storage.Models.ImportedModelStore>();
        Services.AddSingleton<TuneStudio.Web.Models.ModelImports>();
        // Components see an engineer unless a test says otherwise.
        Authorization = AddAuthorization();
        Authorization.SetAuthorized("engineer");
        Authorization.SetRoles(Roles.Engineer);
    }

    protected BunitAuthorizationContext Authorization { get; }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        StudioServer.TryDelete(_dataPath);
    }
}
