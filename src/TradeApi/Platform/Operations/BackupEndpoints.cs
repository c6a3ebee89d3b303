using TradeApi.Platform.Database;
using TradeApi.Platform.Problems;
using TradeApi.Platform.Security;

namespace TradeApi.Platform.Operations;

public static class BackupEndpoints
{
    /// <summary>POST /v1/admin/backups: a consistent copy of the database, for an admin key.</summary>
    public static void MapBackups(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/admin/backups", async Task<IResult> (Db db, HttpResponse response, CancellationToken ct) =>
            {
                if (db.Engine != DatabaseEngine.Sqlite)
                    return TypedResults.Problem(statusCode: StatusCodes.Status501NotImplemented, type: ProblemTypes.OtherEngine, title: "Done by the database engine",
                        detail: "This instance stores its data in PostgreSQL: back it up with pg_dump, or keep a standby with pg_basebackup. This endpoint copies a SQLite file.");
                var file = Path.Combine(Path.GetDirectoryName(db.FilePath)!, "backups", $"tradeapi-{DateTimeOffset.UtcNow:yyyyMMdd'T'HHmmssfff'Z'}.db");
                await Backups.BackupAsync(db, file, ct);
                // The whole database, API key names included: no cache may keep it.
                response.Headers.CacheControl = "no-store";
                return TypedResults.PhysicalFile(file, "application/vnd.sqlite3", Path.GetFileName(file));
            })
            .WithTags("Operations")
            .WithName("CreateBackup")
            .WithSummary("A consistent copy of the database (needs an admin API key)")
            .WithDescription("On SQLite, takes a copy of the whole database through SQLite's online backup API while the service serves (readers and writers go on; the copy is one committed state), keeps it in the database's backups folder, and answers it as a file. Check it with `verify FILE`; restore by stopping the service and putting the file in place of the database. On PostgreSQL it answers 501: the engine's own tools (pg_dump, pg_basebackup) back it up.")
            .RequireApiKey(admin: true)
            .AllowOnlyQuery()
            .Produces(StatusCodes.Status200OK, contentType: "application/vnd.sqlite3")
            .ProducesProblem(StatusCodes.Status501NotImplemented);
    }
}
