using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using TradeApi.Platform.Database;
using TradeApi.Platform.Problems;

namespace TradeApi.Platform.Operations;

/// <summary>
/// A read-only instance (Database:ReadOnly=true): one of any number that serve one database written by another
/// process, the writer. It opens the database read-only (SQLite refuses any write), neither migrates nor seeds it
/// (it still writes download files beside it, and may take backups, which only read it),
/// and refuses the endpoints that write with a 405 problem that names the writer's job. It learns of a new release
/// as every instance does, from the database itself, and answers each request from one committed state.
/// </summary>
public static class ReadOnlyMode
{
    /// <summary>Marks an endpoint that writes: on a read-only instance it answers 405 with a problem, before anything else runs.</summary>
    public static RouteHandlerBuilder Writes(this RouteHandlerBuilder builder)
    {
        builder.AddEndpointFilter(async (context, next) =>
            context.HttpContext.RequestServices.GetRequiredService<Db>().ReadOnly ? Refusal(context.HttpContext) : await next(context));
        return builder.ProducesProblem(StatusCodes.Status405MethodNotAllowed);
    }

    private static ProblemHttpResult Refusal(HttpContext context)
    {
        context.Response.Headers.Allow = "GET, HEAD";
        return TypedResults.Problem(statusCode: StatusCodes.Status405MethodNotAllowed, type: ProblemTypes.ReadOnlyInstance, title: "Read-only instance",
            detail: "This instance serves reads only (Database:ReadOnly is true): it writes nothing to the database. Send releases to the writer, the instance "
                    + "that runs with Database:ReadOnly false; every instance serves them once they are committed.");
    }

    /// <summary>
    /// Start-up of a read-only instance: the database must exist and hold every migration this build knows, since a
    /// read-only instance applies none; otherwise it stops with a message that says what to run first.
    /// </summary>
    public static async Task CheckCurrentAsync(Db db, CancellationToken ct = default)
    {
        if (db.Engine == DatabaseEngine.Sqlite && !File.Exists(db.FilePath))
            throw new InvalidOperationException($"Database:ReadOnly is true but there is no database at {db.FilePath}: start the writer first (Database:ReadOnly false), which creates and migrates it.");
        await using var connection = await db.OpenReadAsync(ct);
        var applied = (await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT version FROM schema_migrations", cancellationToken: ct))).ToHashSet();
        var missing = Migrations.Available(db.MigrationsFolder).Where(v => !applied.Contains(v)).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException($"Database:ReadOnly is true but the database {db.Name} lacks migrations {string.Join(", ", missing)}: "
                + "start the writer of this version first, which applies them.");
    }
}
