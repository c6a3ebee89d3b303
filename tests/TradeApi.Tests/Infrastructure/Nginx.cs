using System.Diagnostics;

namespace TradeApi.Tests.Infrastructure;

/// <summary>Debian's nginx with the committed deploy/nginx.conf, on a loopback port, in a folder of its own.</summary>
public sealed class Nginx : IAsyncDisposable
{
    public const string Binary = "/usr/sbin/nginx";
    private readonly string _prefix;

    private Nginx(string prefix, int port) => (_prefix, Port) = (prefix, port);

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public static async Task<Nginx> StartAsync(IEnumerable<int> readers, int writer)
    {
        Assert.True(File.Exists(Binary), $"{Binary} is missing: install Debian's nginx-light (.ci/run does)");
        var prefix = Path.Combine(Path.GetTempPath(), "tradeapi-tests", "nginx-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(prefix);
        // nginx's workers run as nobody when the tests run as root: they write the cache here.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(prefix, (UnixFileMode)0b111_111_111);
        var port = ServiceProcess.FreePort();
        var template = await File.ReadAllTextAsync(Path.Combine(Platform.OpenApi.OpenApiDocumentTests.RepositoryRoot(), "deploy", "nginx.conf"));
        var config = template.Replace("@PREFIX@", prefix).Replace("@LISTEN@", $"127.0.0.1:{port}")
            .Replace("@READERS@", string.Join("\n        ", readers.Select(r => $"server 127.0.0.1:{r} max_fails=1 fail_timeout=5s;")))
            .Replace("@WRITER@", $"127.0.0.1:{writer}");
        var file = Path.Combine(prefix, "nginx.conf");
        await File.WriteAllTextAsync(file, config);
        await RunAsync("-p", prefix, "-c", file);
        var nginx = new Nginx(prefix, port);
        using var client = new HttpClient();
        for (var i = 0; i < 50; i++)
        {
            try
            {
                using var _ = await client.GetAsync($"{nginx.Url}/health/live");
                return nginx;
            }
            catch (HttpRequestException) { await Task.Delay(100); }
        }
        throw new TimeoutException("nginx did not start");
    }

    private static async Task RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Binary, args) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"nginx {string.Join(' ', args)}: {error}");
    }

    public async ValueTask DisposeAsync()
    {
        try { await RunAsync("-p", _prefix, "-c", Path.Combine(_prefix, "nginx.conf"), "-s", "stop"); } catch (InvalidOperationException) { }
        await Task.Delay(100);
        try { Directory.Delete(_prefix, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
