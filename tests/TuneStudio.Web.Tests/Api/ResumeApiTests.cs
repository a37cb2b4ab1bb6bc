using TuneStudio.Web.Security;
using Microsoft.Extensions.DependencyInjection;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Api;

public sealed class ResumeApiTests : StudioWithNamesTest
{
    // About 400 steps with a checkpoint every 20: long enough to stop mid-run, short enough to finish after.
    private object LongRun => new { datasetId = DatasetId, method = "full", epochs = 5, batchSize = 8, checkpoints = new { everySteps = 20 } };

    [Fact]
    public async Task Resume_after_cancel_completes_under_the_same_id_with_each_step_logged_once()
    {
        var runId = await Studio.StartRunAsync(LongRun);
        await Studio.WaitPastFirstCheckpointAsync(runId);
        await Studio.Http.PostAsync($"/api/runs/{runId}/cancel", null);
        Assert.Equal("cancelled", (await Studio.WaitUntilEndedAsync(runId)).GetProperty("status").GetString());
        var loggedBeforeResume = (await Studio.LossStepsAsync(runId)).Max();

        var resume = await Studio.Http.PostAsync($"/api/runs/{runId}/resume", null);
        Assert.Equal(HttpStatusCode.Accepted, resume.StatusCode);
        await using var watcher = await HubWatcher.StartAsync(Studio, runId, afterStep: 0);

        var run = await Studio.WaitUntilEndedAsync(runId);
        Assert.Equal("completed", run.GetProperty("status").GetString());
        var resumedFrom = run.GetProperty("resumedFromCheckpointId").GetString()!;
        long n = run.GetProperty("steps").GetInt64();
        var live = await Studio.LossStepsAsync(runId);
        Assert.Equal(RunProgress.Range(1, n), live);

        var superseded = await Studio.LossStepsAsync(runId, includeSuperseded: true, superseded: true);
        Assert.NotEmpty(superseded);
        Assert.Equal(loggedBeforeResume, superseded.Max());
        Assert.Equal(live, await Studio.LossStepsAsync(runId, includeSuperseded: true, superseded: false));

        Assert.Equal("completed", await watcher.Ended.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(RunProgress.Range(1, n), watcher.LossSteps());
        Assert.StartsWith(runId, resumedFrom);
    }

    [Fact]
    public async Task Run_interrupted_by_a_restart_resumes_and_completes()
    {
        var dataPath = Studio.DataPath;
        var runId = await Studio.StartRunAsync(LongRun);
        await Studio.WaitPastFirstCheckpointAsync(runId);
        await Studio.StopAsync();

        await using var restarted = await StudioServer.StartAsync(dataPath);
        Assert.Equal("interrupted", (await restarted.GetRunAsync(runId)).GetProperty("status").GetString());
        // The restarted studio signs in a new engineer of its own; the run's owner is the first one.
        using var owner = restarted.ClientWithToken(restarted.Services.GetRequiredService<ApiTokens>().Create(Studio.EngineerName, "after restart", "test").Token);
        Assert.Equal(HttpStatusCode.Accepted, (await owner.PostAsync($"/api/runs/{runId}/resume", null)).StatusCode);

        var run = await restarted.WaitUntilEndedAsync(runId);
        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Equal(RunProgress.Range(1, run.GetProperty("steps").GetInt64()), await restarted.LossStepsAsync(runId));
    }

    [Fact]
    public async Task Resume_is_409_while_a_run_trains_or_without_checkpoints_and_404_for_an_unknown_run()
    {
        var runId = await Studio.StartRunAsync(new { datasetId = DatasetId, method = "full", epochs = 200, batchSize = 8, checkpoints = new { eachEpoch = false } });
        await Studio.WaitForStatusAsync(runId, s => s == "running");
        Assert.Equal(HttpStatusCode.Conflict, (await Studio.Http.PostAsync($"/api/runs/{runId}/resume", null)).StatusCode);

        await Studio.Http.PostAsync($"/api/runs/{runId}/cancel", null);
        await Studio.WaitUntilEndedAsync(runId);
        var noCheckpoint = await Studio.Http.PostAsync($"/api/runs/{runId}/resume", null);
        Assert.Equal(HttpStatusCode.Conflict, noCheckpoint.StatusCode);
        Assert.Contains("no checkpoint", await noCheckpoint.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await Studio.Http.PostAsync("/api/runs/run-nope/resume", null)).StatusCode);
    }

    [Fact]
    public async Task A_reader_may_not_resume()
    {
        var reader = Studio.ClientAs(TuneStudio.Web.Security.Roles.Viewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync("/api/runs/run-nope/resume", null)).StatusCode);
    }

    private sealed class HubWatcher : IAsyncDisposable
    {
        private readonly HubConnection _connection;
        private readonly ConcurrentQueue<(long Step, string Key)> _points = new();
        public TaskCompletionSource<string> Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private HubWatcher(StudioServer studio)
        {
            _connection = new HubConnectionBuilder()
                .WithUrl(new Uri(studio.BaseAddress, "/hubs/runs"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(studio.EngineerToken))
                .Build();
            _connection.On<JsonElement>("Metrics", message =>
            {
                foreach (var p in message.GetProperty("points").EnumerateArray())
                    _points.Enqueue((p.GetProperty("step").GetInt64(), p.GetProperty("key").GetString()!));
            });
            _connection.On<JsonElement>("Status", message =>
            {
                var status = message.GetProperty("status").GetString()!;
                if (status is "completed" or "failed" or "cancelled") Ended.TrySetResult(status);
            });
        }

        public static async Task<HubWatcher> StartAsync(StudioServer studio, string runId, long afterStep)
        {
            var watcher = new HubWatcher(studio);
            await watcher._connection.StartAsync();
            await watcher._connection.InvokeAsync("Subscribe", runId, afterStep);
            return watcher;
        }

        public List<long> LossSteps() => _points.Where(p => p.Key == "train/loss").Select(p => p.Step).ToList();

        public ValueTask DisposeAsync() => _connection.DisposeAsync();
    }
}
