using System.Data;
using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using TradeApi.Datasets.Codes;
using TradeApi.Platform.Answers;
using TradeApi.Platform.Database;

namespace TradeApi.Serving.Snapshots;

/// <summary>
/// What the database holds that every request needs to know, read once per change: the releases (for the latest
/// release of each dataset and for resolving <c>as_of</c>), each dataset's code lists and licence, and the source
/// ids. On SQLite any commit, by this process or another (a command-line import while the service serves), changes
/// SQLite's data_version, which is checked on every request (a few microseconds), so no answer is ever made or
/// served from an older state than the database's. On PostgreSQL the newest release number is read from the
/// database the instance answers from (a primary, or the hot standby it reads), at most every Database:PollMilliseconds
/// and at once after a release this process wrote: an instance on a standby therefore never names a release its
/// standby has not replayed, since it learns of releases only from what that standby holds.
/// </summary>
public sealed class LiveCatalogue : INewestRelease, IDisposable
{
    private readonly Db _db;
    private readonly Lock _lock = new();
    private readonly System.Collections.Concurrent.ConcurrentBag<VersionCheck> _checks = [];
    private DbConnection? _connection;
    private long _version = -1;
    private long _seenCommits = -1;
    private long _polledAt;
    private volatile CatalogueSnapshot? _snapshot;

    public LiveCatalogue(Db db) => _db = db;

    /// <summary>The state of the database now.</summary>
    public CatalogueSnapshot Current => _db.Engine == DatabaseEngine.Sqlite ? CurrentSqlite() : CurrentPostgres();

    /// <summary>
    /// SQLite: each request asks data_version on a connection of its own from a small pool (one statement shared
    /// under a lock was a queue on every cached answer), and the snapshot is read again when that connection saw a
    /// commit since it last asked. Any commit before a request's check is therefore either seen by the check or was
    /// seen by that connection's previous check, whose reload was complete before it answered.
    /// </summary>
    private CatalogueSnapshot CurrentSqlite()
    {
        var check = _checks.TryTake(out var idle) ? idle : new VersionCheck(_db);
        try
        {
            var changed = check.Changed();
            // Loads begun from here on read a state after this check, so one that has finished by the time the lock
            // is ours holds whatever change the check saw: then there is no need to load again.
            var begun = Volatile.Read(ref _loadsBegun);
            if (changed || _snapshot is null)
                lock (_lock)
                    if (_snapshot is null || _lastLoadBegun <= begun)
                    {
                        var number = ++_loadsBegun;
                        _snapshot = Load();
                        _lastLoadBegun = number;
                    }
        }
        catch
        {
            // Its last value may be a change no snapshot holds yet: the check is not kept.
            check.Dispose();
            throw;
        }
        // Kept only now, after the reload its change called for: a request that takes it next finds it unchanged only
        // when the snapshot already holds that change.
        if (_checks.Count < MaxChecks && !_disposed) _checks.Add(check);
        else check.Dispose();
        return _snapshot;
    }

    /// <summary>Checks kept: about the requests in flight at once (a new one reads the snapshot again on its first use).</summary>
    private const int MaxChecks = 64;

    private volatile bool _disposed;

    /// <summary>Loads begun (under the lock), and the number of the last one that finished.</summary>
    private long _loadsBegun, _lastLoadBegun;

    private CatalogueSnapshot CurrentPostgres()
    {
        lock (_lock)
        {
            try
            {
                var version = NewestRelease();
                if (version != _version || _snapshot is null)
                {
                    _snapshot = Load();
                    _version = version;
                }
                return _snapshot;
            }
            catch
            {
                // A server restarted or a standby promoted: the next request opens a new connection.
                _connection?.Dispose();
                _connection = null;
                throw;
            }
        }
    }

    /// <summary>One connection's PRAGMA data_version, prepared once, and the value it last gave.</summary>
    private sealed class VersionCheck : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly sqlite3_stmt _statement;
        private long _last = -1;

        public VersionCheck(Db db)
        {
            _connection = new SqliteConnection(db.ReadConnectionString);
            _connection.Open();
            if (raw.sqlite3_prepare_v2(_connection.Handle, "PRAGMA data_version", out _statement) != raw.SQLITE_OK)
                throw new SqliteException("cannot prepare PRAGMA data_version", raw.SQLITE_ERROR);
        }

        /// <summary>Whether a commit was made since the last call (true the first time).</summary>
        public bool Changed()
        {
            if (raw.sqlite3_step(_statement) != raw.SQLITE_ROW)
            {
                raw.sqlite3_reset(_statement);
                throw new SqliteException("PRAGMA data_version gave no row", raw.SQLITE_ERROR);
            }
            var version = raw.sqlite3_column_int64(_statement, 0);
            raw.sqlite3_reset(_statement);
            var changed = version != _last;
            _last = version;
            return changed;
        }

        public void Dispose()
        {
            _statement.Dispose();
            _connection.Dispose();
        }
    }

    /// <summary>PostgreSQL: the newest release the database holds, asked at most every PollMilliseconds (at once after a local commit).</summary>
    private long NewestRelease()
    {
        var commits = _db.LocalCommits;
        var now = Environment.TickCount64;
        if (_connection is not null && commits == _seenCommits && now - _polledAt < _db.PollMilliseconds) return _version;
        _connection ??= _db.Open();
        _seenCommits = commits;
        _polledAt = now;
        return _connection.ExecuteScalar<long>("SELECT COALESCE(MAX(id), 0) FROM releases");
    }

    private CatalogueSnapshot Load()
    {
        _connection ??= _db.Open();
        // One read transaction, so that every part is of the same state.
        using var tx = _connection is SqliteConnection sqlite ? sqlite.BeginTransaction(deferred: true) : _connection!.BeginTransaction(IsolationLevel.RepeatableRead);
        var releases = _connection.Query<ReleaseStamp>(
            "SELECT id, dataset_id AS DatasetId, released_at AS StoredAt FROM releases ORDER BY id", transaction: tx).AsList();
        var latest = releases.GroupBy(r => r.DatasetId).ToDictionary(g => g.Key, g => g.Last());
        var codes = _connection.Query<(string Dataset, string Dimension, string Code)>(
                "SELECT dataset_id, dimension, code FROM dimension_codes ORDER BY dataset_id, dimension, sort, rowid", transaction: tx)
            .GroupBy(c => c.Dataset)
            .ToDictionary(g => g.Key, g => new DimensionCodes(g.Select(c => (c.Dimension, c.Code))));
        var licences = _connection.Query<(string Id, string Licence)>("SELECT id, licence FROM datasets", transaction: tx)
            .ToDictionary(d => d.Id, d => d.Licence);
        var sources = _connection.Query<string>("SELECT id FROM sources", transaction: tx).ToHashSet(StringComparer.Ordinal);
        var countries = _snapshot?.Countries ?? Countries.LoadAsync(_connection).GetAwaiter().GetResult();
        tx.Commit();
        return new CatalogueSnapshot(releases, latest, codes, licences, sources, countries);
    }

    public (long Id, DateTimeOffset? Time) Newest
    {
        get
        {
            var snapshot = Current;
            return snapshot.Releases.Count == 0 ? (0, null) : (snapshot.Newest, snapshot.Releases[^1].Time);
        }
    }

    public long NewestId => Current.Newest;

    public void Dispose()
    {
        _disposed = true;
        while (_checks.TryTake(out var check)) check.Dispose();
        _connection?.Dispose();
    }
}

public static class LiveCatalogueSetup
{
    /// <summary>The live catalogue, also registered as what cached catalogue answers stand on.</summary>
    public static IServiceCollection AddLiveCatalogue(this IServiceCollection services)
    {
        services.AddSingleton<LiveCatalogue>();
        services.AddSingleton<INewestRelease>(sp => sp.GetRequiredService<LiveCatalogue>());
        return services;
    }
}
