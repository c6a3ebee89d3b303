using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using Dapper;
using Field = TradeApi.Datasets.Definitions.Field;
using Parquet;
using Parquet.Schema;
using TradeApi.Datasets.Definitions;
using TradeApi.Platform.Database;
using TradeApi.Serving.Listing;

namespace TradeApi.Serving.Downloads;

public enum DownloadFormat { Csv, Ndjson, Parquet }

/// <summary>A whole-release file: where it is, its size and its SHA-256 (of the gzip file, for <see cref="DownloadFiles.GzipAsync"/>).</summary>
public sealed record DownloadFile(string Path, long Length, byte[] Sha256);

/// <summary>
/// Whole datasets as of a release, as files: a release is immutable, so each (dataset, release, format) file is
/// written once, next to the database, streaming the records from the reader (memory does not grow with the
/// dataset), hashed, and then served as it is. The rows are those of the listing with versions=all,
/// in its order, with the same fields.
/// </summary>
public sealed class DownloadFiles(Db db)
{
    private readonly SemaphoreSlim _writing = new(1, 1);

    private string Folder => System.IO.Path.Combine(System.IO.Path.GetDirectoryName(db.FilePath)!, "downloads");

    public static string Extension(DownloadFormat format) => format.ToString().ToLowerInvariant();

    public Task<DownloadFile> GetAsync(ListingSpec spec, long release, DownloadFormat format, CancellationToken ct) =>
        MakeOnceAsync(System.IO.Path.Combine(Folder, $"tradeapi-{spec.Dataset.Id}-release-{release}.{Extension(format)}"),
            (file, token) => WriteAsync(spec, release, format, file, token), ct);

    /// <summary>
    /// The gzip-compressed copy of a text file (CSV, NDJSON: 5 to 10 times smaller), compressed once beside it, like
    /// nginx's gzip_static. Parquet is compressed inside already.
    /// </summary>
    public Task<DownloadFile> GzipAsync(DownloadFile plain, CancellationToken ct) =>
        MakeOnceAsync(plain.Path + ".gz", async (file, token) =>
        {
            await using var source = File.OpenRead(plain.Path);
            await using var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true);
            await source.CopyToAsync(gzip, token);
        }, ct);

    /// <summary>
    /// A file made once: written to a partial file, hashed once it is whole (the Parquet writer wants a seekable
    /// stream of its own), then moved into place beside its SHA-256. Later calls read what is there.
    /// </summary>
    private async Task<DownloadFile> MakeOnceAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken ct)
    {
        if (await ReadDoneAsync(path) is { } done) return done;
        await _writing.WaitAsync(ct);
        try
        {
            if (await ReadDoneAsync(path) is { } written) return written;
            Directory.CreateDirectory(Folder);
            // Unique: instances serving one database may make the same file at once; each moves a whole one into place.
            var partial = $"{path}.{Guid.NewGuid():N}.partial";
            await using (var file = new FileStream(partial, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, useAsync: true))
                await write(file, ct);
            byte[] hash;
            await using (var whole = File.OpenRead(partial))
                hash = await SHA256.HashDataAsync(whole, ct);
            // Each moved into place whole: another instance reading them sees the old file or the new one, never half.
            await File.WriteAllTextAsync(partial + ".sha256", Convert.ToHexStringLower(hash), ct);
            File.Move(partial + ".sha256", path + ".sha256", overwrite: true);
            File.Move(partial, path, overwrite: true);
            return new DownloadFile(path, new FileInfo(path).Length, hash);
        }
        finally
        {
            _writing.Release();
        }
    }

    private static async Task<DownloadFile?> ReadDoneAsync(string path)
    {
        if (!File.Exists(path) || !File.Exists(path + ".sha256")) return null;
        return new DownloadFile(path, new FileInfo(path).Length, Convert.FromHexString(await File.ReadAllTextAsync(path + ".sha256")));
    }

    private async Task WriteAsync(ListingSpec spec, long release, DownloadFormat format, Stream output, CancellationToken ct)
    {
        await using var connection = await db.OpenReadAsync(ct);
        var sql = spec.Sql();
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(sql, new { release }, cancellationToken: ct));
        switch (format)
        {
            case DownloadFormat.Csv: await WriteCsvAsync(spec.Fields, reader, output, ct); break;
            case DownloadFormat.Ndjson: await WriteNdjsonAsync(spec.Fields, reader, output, ct); break;
            default: await WriteParquetAsync(spec.Fields, reader, output, ct); break;
        }
    }

    private static async Task WriteCsvAsync(Field[] fields, DbDataReader reader, Stream output, CancellationToken ct)
    {
        await using var text = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        await using var csv = new CsvWriter(text, new CsvConfiguration(CultureInfo.InvariantCulture) { HasHeaderRecord = false, NewLine = "\r\n" });
        foreach (var field in fields) csv.WriteField(field.Name);
        await csv.NextRecordAsync();
        var row = Rows.Of(reader);
        while (await row.NextAsync(ct))
        {
            for (var i = 0; i < fields.Length; i++) csv.WriteField(RecordCells.Csv(row, i, fields[i].Kind));
            await csv.NextRecordAsync();
        }
    }

    private static async Task WriteNdjsonAsync(Field[] fields, DbDataReader reader, Stream output, CancellationToken ct)
    {
        await using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var names = RecordCells.Names(fields);
        var row = Rows.Of(reader);
        var rows = 0;
        while (await row.NextAsync(ct))
        {
            RecordCells.Json(json, fields, names, row);
            await json.FlushAsync(ct);
            output.Write("\n"u8);
            json.Reset();
            if (++rows % 10_000 == 0) await output.FlushAsync(ct);
        }
    }

    /// <summary>Parquet in row groups of 10,000 records, one typed column per field (strings, doubles, 64-bit integers, booleans; all nullable).</summary>
    private static async Task WriteParquetAsync(Field[] fields, DbDataReader reader, Stream output, CancellationToken ct)
    {
        const int GroupSize = 10_000;
        var dataFields = fields.Select(f => f.Kind switch
        {
            FieldKind.Text => (DataField)new DataField<string>(f.Name, nullable: true),
            FieldKind.Number => new DataField<double>(f.Name, nullable: true),
            FieldKind.Integer => new DataField<long>(f.Name, nullable: true),
            _ => new DataField<bool>(f.Name, nullable: true),
        }).ToArray();
        var schema = new ParquetSchema(dataFields);
        var columns = fields.Select(f => f.Kind switch
        {
            FieldKind.Text => (Array)new string?[GroupSize],
            FieldKind.Number => new double?[GroupSize],
            FieldKind.Integer => new long?[GroupSize],
            _ => new bool?[GroupSize],
        }).ToArray();
        await using var writer = await ParquetWriter.CreateAsync(schema, output, cancellationToken: ct);
        var count = 0;
        async Task FlushAsync()
        {
            if (count == 0) return;
            using var group = writer.CreateRowGroup();
            for (var i = 0; i < fields.Length; i++)
            {
                switch (columns[i])
                {
                    case string?[] text: await group.WriteAsync(dataFields[i], new ArraySegment<string>(text!, 0, count), null); break;
                    case double?[] number: await group.WriteAsync<double>(dataFields[i], number.AsMemory(0, count), null, null, ct); break;
                    case long?[] integer: await group.WriteAsync<long>(dataFields[i], integer.AsMemory(0, count), null, null, ct); break;
                    case bool?[] flag: await group.WriteAsync<bool>(dataFields[i], flag.AsMemory(0, count), null, null, ct); break;
                }
            }
            count = 0;
        }
        while (await reader.ReadAsync(ct))
        {
            for (var i = 0; i < fields.Length; i++)
            {
                var isNull = reader.IsDBNull(i);
                switch (columns[i])
                {
                    case string?[] text: text[count] = isNull ? null : reader.GetString(i); break;
                    case double?[] number: number[count] = isNull ? null : reader.GetDouble(i); break;
                    case long?[] integer: integer[count] = isNull ? null : reader.GetInt64(i); break;
                    case bool?[] flag: flag[count] = isNull ? null : reader.GetInt64(i) != 0; break;
                }
            }
            if (++count == GroupSize) await FlushAsync();
        }
        await FlushAsync();
    }
}
