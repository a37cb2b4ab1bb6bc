using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using TuneStudio.Storage;
using TuneStudio.Web.Api;
using TuneStudio.Web.Components;
using TuneStudio.Web.Datasets;
using TuneStudio.Web.Hubs;
using TuneStudio.Web.Runs;
using TuneStudio.Web.Security;
using TuneStudio.Web.Telemetry;

namespace TuneStudio.Web;

// Builds the studio: used by Program and by the tests, which start it on a real Kestrel port.
public static class StudioApp
{
    // `configure` lets tests add to the builder (a log sink, for instance) before the app is built.
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(StudioApp).Assembly.GetName().Name,
            // appsettings.json sits beside the app; the data folder stays relative to where the studio was started.
            ContentRootPath = AppContext.BaseDirectory,
        });
        // Package assets (_content/...) come from the build output in every environment, not only Development.
        builder.WebHost.UseStaticWebAssets();

        var options = builder.Configuration.GetSection(StudioOptions.Section).Get<StudioOptions>() ?? new StudioOptions();
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
            builder.WebHost.UseUrls($"http://127.0.0.1:{options.Port}");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxUploadBytes + 1024 * 1024);

        // "Request starting" lines carry the full URL, and browsers send the hub's token as ?access_token=:
        // keep them out of the log whatever the configured level.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        AddServices(builder.Services, builder.Configuration);
        configure?.Invoke(builder);

        var app = builder.Build();
        UploadForms.RemoveLeftovers(app.Services.GetRequiredService<StudioPaths>(), app.Logger);
        FirstAdmin.EnsureExists(app.Services, app.Configuration);
        app.Services.GetRequiredService<TuneStudio.Web.Models.ModelImports>().RegisterStored();
        ConfigurePipeline(app);
        return app;
    }

    private static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<StudioOptions>(configuration.GetSection(StudioOptions.Section));
        services.AddSingleton(sp =>
        {
            var dataPath = Path.GetFullPath(sp.GetRequiredService<IOptions<StudioOptions>>().Value.DataPath);
            return new StudioDatabase(dataPath);
        });
        // "TuneStudio:Images" (MaxWidth, MaxHeight, MaxCompressionRatio, ...) tightens or loosens image upload checks.
        services.AddSingleton(configuration.GetSection(StudioOptions.Section).GetSection("Images").Get<ImageLimits>() ?? new ImageLimits());
        services.AddSingleton<DatasetStore>();
        services.AddSingleton<RunStore>();
        services.AddSingleton<MetricStore>();
        services.AddSingleton<StudioPaths>();
        services.AddSingleton<DatasetUploads>();
        services.AddSingleton<DatasetDeletion>();
        services.AddSingleton<AugmentationPreviews>();
        services.AddSingleton<ImageAugmentationPreviews>();
        services.AddSingleton<TuneStudio.Storage.Models.ImportedModelStore>();
        // The studio's own catalogue: built-in models plus this studio's imports (another studio in the process has its own).
        services.AddSingleton(_ => new TuneStudio.Engine.ModelCatalog(TuneStudio.Engine.Tasks.TaskRegistry.BuiltIn));
        services.AddSingleton(sp => sp.GetRequiredService<TuneStudio.Engine.ModelCatalog>().Tasks);
        services.AddSingleton<TuneStudio.Web.Models.ModelImports>();
        services.AddSingleton<TuneStudio.Storage.Reviews.ReviewStore>();
        services.AddSingleton<TuneStudio.Storage.Reviews.LabelDefinitionStore>();
        services.AddSingleton<TuneStudio.Web.Reviews.ReviewService>();

        services.AddSingleton<RunTelemetry>();
        services.AddSingleton<RunJournal>();
        services.AddHostedService(sp => sp.GetRequiredService<RunJournal>());
        services.AddSingleton<RunQueue>();
        services.AddSingleton<RunService>();
        services.AddSingleton<RunPlans>();
        services.AddSingleton<RunMemoryLimit>();
        services.AddHostedService<TrainingWorker>();
        services.AddSingleton<EvaluationStore>();
        services.AddSingleton<TuneStudio.Web.Evaluations.EvaluationQueue>();
        services.AddSingleton<TuneStudio.Web.Evaluations.EvaluationService>();
        services.AddHostedService<TuneStudio.Web.Evaluations.EvaluationWorker>();
        services.AddSingleton<HubRunFeeds>();
        services.AddSingleton<HubSessions>();
        services.AddHostedService(sp => sp.GetRequiredService<HubSessions>());

        // Keys live with the data, so circuits and antiforgery tokens survive a restart of the studio.
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(
            Path.Combine(Path.GetFullPath(configuration.GetSection(StudioOptions.Section).Get<StudioOptions>()?.DataPath ?? "data"), "keys")));
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddSignalR();
        services.AddProblemDetails();
        services.AddStudioErrors();
        services.Configure<StudioLimits>(configuration.GetSection(StudioLimits.Section));
        services.AddOpenApi();
        services.AddHealthChecks();
        services.AddStudioAuthentication(configuration);
        services.AddApiRateLimit(configuration);
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
            o.SerializerOptions.AllowDuplicateProperties = false;
        });
    }

    private static void ConfigurePipeline(WebApplication app)
    {
        app.UseStudioErrors();
        app.UseSecurityHeaders();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseRequestRules();
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        app.MapOpenApi().RequireAuthorization(Policies.Read);
        app.MapHealthChecks("/healthz").AllowAnonymous();
        app.MapAuthApi();
        app.MapUsersApi();
        app.MapAuditApi();
        app.MapDatasetsApi();
        app.MapImageAugmentationPreview();
        app.MapAugmentationPreview();
        app.MapRunsApi();
        app.MapRunPlanApi();
        app.MapCheckpointsApi();
        app.MapEvaluationsApi();
        app.MapModelsApi();
        app.MapReviewsApi();
        app.MapHub<RunsHub>("/hubs/runs");
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
    }
}
