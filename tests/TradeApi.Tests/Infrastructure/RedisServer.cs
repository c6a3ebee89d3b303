using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace TradeApi.Tests.Infrastructure;

/// <summary>Debian's redis-server on a loopback port, with nothing saved to disk; killed when disposed.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    public const string Binary = "/usr/bin/redis-server";
    private readonly Process _process;

    private RedisServer(Process process, int port) => (_process, Port) = (process, port);

    public int Port { get; }

    public string Configuration => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        Assert.True(File.Exists(Binary), $"{Binary} is missing: install Debian's redis-server (.ci/run does)");
        var port = ServiceProcess.FreePort();
        var process = Process.Start(new ProcessStartInfo(Binary, ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        var server = new RedisServer(process, port);
        for (var i = 0; i < 100; i++)
        {
            if (await server.CommandAsync("PING") == "+PONG") return server;
            await Task.Delay(50);
        }
        throw new TimeoutException("redis-server did not start");
    }

    /// <summary>One inline command, and the first line of its reply (or null when the server does not answer).</summary>
    public async Task<string?> CommandAsync(string command)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"));
            using var reader = new StreamReader(stream, Encoding.ASCII);
            return await reader.ReadLineAsync();
        }
        catch (SocketException)
        {
            return null;
        }
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill();
        _process.WaitForExit();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
