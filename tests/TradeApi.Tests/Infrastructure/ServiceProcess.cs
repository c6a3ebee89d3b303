using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TradeApi.Tests.Infrastructure;

/// <summary>
/// The service as its own process on a loopback port (dotnet TradeApi.dll), for tests that put a real server in
/// front of it: nginx, or several instances on one database file. Killed, not stopped, when disposed.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServiceProcess(Process process, int port) => (_process, Port) = (process, port);

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>Starts an instance on <paramref name="database"/> with these settings, and waits until /health/ready answers 200.</summary>
    public static async Task<ServiceProcess> StartAsync(string database, IReadOnlyDictionary<string, string> settings, int? port = null)
    {
        var listen = port ?? FreePort();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "TradeApi.dll"), "--urls", $"http://127.0.0.1:{listen}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["RateLimits__Enabled"] = "false",
                ["Ingestion__ApiKeys__test-writer__Hash"] = TradeApi.Platform.Security.ApiKeys.Hash(ApiFactory.ApiKey),
                ["Logging__LogLevel__Default"] = "Warning",
            },
        };
        // The test engine's database for this path (its SQLite file, or its database on the test PostgreSQL server).
        TestEngine.AddTo(start, database);
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__")] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var instance = new ServiceProcess(process, listen);
        await instance.WaitReadyAsync();
        return instance;
    }

    private async Task WaitReadyAsync()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"the service on port {Port} exited with {_process.ExitCode}");
            try
            {
                using var response = await client.GetAsync($"{Url}/health/ready");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"the service on port {Port} was not ready within 60 s");
    }

    /// <summary>kill -9: no shutdown, as a crash.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
