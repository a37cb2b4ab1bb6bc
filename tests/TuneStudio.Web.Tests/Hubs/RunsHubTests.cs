using Microsoft.Extensions.DependencyInjection;
using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Hubs;

public sealed class RunsHubTests : StudioWithNamesTest
{
    private sealed class Watcher : IAsyncDisposable
    {
        private readonly HubConnection _connection;
        public ConcurrentQueue<(long Step, string Key)> Points { get; } = new();
        public TaskCompletionSource<string> Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Watcher(Uri baseAddress, string token)
        {
            _connection = new HubConnectionBuilder()
                .WithUrl(new Uri(baseAddress, "/hubs/runs"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
                .Build();
            _connection.On<JsonElement>("Metrics", message =>
            {
                foreach (var p in message.GetProperty("points").EnumerateArray())
                    Points.Enqueue((p.GetProperty("step").GetInt64(), p.GetProperty("key").GetString()!));
            });
            _connection.On<JsonElement>("Status", message =>
            {
                var status = message.GetProperty("status").GetString()!;
                if (status is "completed" or "failed" or "cancelled") Ended.TrySetResult(status);
            });
        }

        public async Task SubscribeAsync(string runId, long afterStep)
        {
            if (_connection.State == HubConnectionState.Disconnected) await _connection.StartAsync();
            await _connection.InvokeAsync("Subscribe", runId, afterStep);
        }

        public List<long> LossSteps() => Points.Where(p => p.Key == "train/loss").Select(p => p.Step).ToList();

        public ValueTask DisposeAsync() => _connection.DisposeAsync();
    }

    // The run is held after step 50, so the late watcher joins a run that is certainly still training.
    private readonly StepGate _gate = new(holdAfter: 50);

    protected override void Configure(Microsoft.AspNetCore.Builder.WebApplicationBuilder builder) =>
        builder.Services.AddSingleton<TuneStudio.Web.Runs.ITrainingStepHook>(_gate);

    public override async Task DisposeAsync()
    {
        _gate.Dispose();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Subscriber_receives_every_step_in_order_and_a_late_one_gets_the_rest()
    {
        var runId = await Studio.StartRunAsync(new { datasetId = DatasetId, method = "lora", epochs = 2, batchSize = 8 });
        await using var early = new Watcher(Studio.BaseAddress, Studio.EngineerToken);
        await early.SubscribeAsync(runId, 0);

        Assert.Equal(runId, await _gate.Reached.WaitAsync(TimeSpan.FromSeconds(120)));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (early.LossSteps().Count < 50 && DateTime.UtcNow < deadline) await Task.Delay(20);
        long k = early.LossSteps().Last();
        await using var late = new Watcher(Studio.BaseAddress, Studio.EngineerToken);
        await late.SubscribeAsync(runId, k);
        Assert.Equal("running", (await Studio.GetRunAsync(runId)).GetProperty("status").GetString());
        _gate.Release();

        Assert.Equal("completed", await early.Ended.Task.WaitAsync(TimeSpan.FromSeconds(120)));
        Assert.Equal("completed", await late.Ended.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        long n = (await Studio.GetRunAsync(runId)).GetProperty("steps").GetInt64();

        Assert.Equal(50, k);
        Assert.Equal(Range(1, n), early.LossSteps());
        Assert.Equal(Range(k + 1, n), late.LossSteps());
        Assert.Contains(early.Points, p => p.Key == "val/accuracy");
        Assert.DoesNotContain(late.Points, p => p.Step <= k);
    }

    [Fact]
    public async Task Subscribing_to_a_finished_run_replays_it_from_the_database()
    {
        var runId = await Studio.StartRunAsync(new { datasetId = DatasetId, method = "freeze", epochs = 1, batchSize = 64 });
        await Studio.WaitUntilEndedAsync(runId);
        await using var watcher = new Watcher(Studio.BaseAddress, Studio.EngineerToken);

        await watcher.SubscribeAsync(runId, 3);

        Assert.Equal("completed", await watcher.Ended.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        long n = (await Studio.GetRunAsync(runId)).GetProperty("steps").GetInt64();
        Assert.Equal(Range(4, n), watcher.LossSteps());
    }

    [Fact]
    public async Task Subscribing_to_an_unknown_run_is_refused()
    {
        await using var watcher = new Watcher(Studio.BaseAddress, Studio.EngineerToken);
        var error = await Assert.ThrowsAsync<HubException>(() => watcher.SubscribeAsync("run-nope", 0));
        Assert.Contains("run-nope", error.Message);
    }

    private static List<long> Range(long from, long to) => Enumerable.Range((int)from, (int)Math.Max(0, to - from + 1)).Select(i => (long)i).ToList();
}
