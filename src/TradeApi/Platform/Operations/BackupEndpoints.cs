using TradeApi.Platform.Database;
using TradeApi.Platform.Problems;
using TradeApi.Platform.Security;

namespace TradeApi.Platform.Operations;

public static class BackupEndpoints
{
    /// <summary>POST /v1/admin/backups: a consistent copy of the database, for an admin key.</summary>
    public static void MapBackups(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/admin/backups", async (Db db, HttpResponse response, CancellationToken ct) =>
            {
                var file = Path.Combine(Path.GetDirectoryName(db.FilePath)!, "backups", $"tradeapi-{DateTimeOffset.UtcNow:yyyyMMdd'T'HHmmssfff'Z'}.db");
                await Backups.BackupAsync(db, file, ct);
                // The whole database, API key names included: no cache may keep it.
                response.Headers.CacheControl = "no-store";
                return TypedResults.PhysicalFile(file, "application/vnd.sqlite3", Path.GetFileName(file));
            })
            .WithTags("Operations")
            .WithName("CreateBackup")
            .WithSummary("A consistent copy of the database (needs an admin API key)")
            .WithDescription("Takes a copy of the whole database through SQLite's online backup API while the service serves (readers and writers go on; the copy is one committed state), keeps it in the database's backups folder, and answers it as a file. Check it with `verify FILE`; restore by stopping the service and putting the file in place of the database.")
            .RequireApiKey(admin: true)
            .AllowOnlyQuery()
            .Produces(StatusCodes.Status200OK, contentType: "application/vnd.sqlite3");
    }
}
