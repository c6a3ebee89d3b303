// usage: dotnet RawWrite.dll DATABASE ROWS [key]
// Writes ROWS synthetic trade figures (source synthetic-raw-write, never served: the file is a copy made for this)
// into DATABASE, a TradeApi database: one release row, then per figure its vintage in trade_observations and its
// published row in trade_published, with the schema's indexes, in one transaction with prepared statements and
// explicit ids (no RETURNING). Prints rows/s. A shape like bench/Generator's: 77 countries, every ordered pair,
// three flows, monthly from 2000-01, month-major; with `key`, series-major instead (every month of one series, then
// the next), to measure how much the write order costs each index.
using System.Diagnostics;
using Microsoft.Data.Sqlite;

var (path, rows) = (args[0], long.Parse(args[1]));
var keyOrder = args.Length > 2 && (args[2] == "key" ? true
    : throw new ArgumentException($"the third argument is 'key' or nothing, not '{args[2]}'"));
string[] countries = [.. "AE AR AT AU BD BE BG BR BY CA CH CL CN CO CZ DE DK DZ EC EG ES ET FI FR GB GH GR HK HU ID IE IL IN IQ IR IT JP KE KR KW KZ LK MA MX MY NG NL NO NZ OM PE PH PK PL PT QA RO RS RU SA SE SG SK TH TN TR TW TZ UA US UY UZ VE VN ZA ZM AO".Split(' ')];
string[] flows = ["export", "import", "total"];

using var connection = new SqliteConnection($"Data Source={path}");
connection.Open();
using (var pragma = connection.CreateCommand())
{
    pragma.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";
    pragma.ExecuteNonQuery();
}
var clock = Stopwatch.StartNew();
using var tx = connection.BeginTransaction();
long Scalar(string sql)
{
    using var c = connection.CreateCommand();
    c.Transaction = tx;
    c.CommandText = sql;
    return (long)c.ExecuteScalar()!;
}
var release = Scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM releases");
var firstId = Scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM trade_observations");
using (var c = connection.CreateCommand())
{
    c.Transaction = tx;
    c.CommandText = $"""
        INSERT INTO releases (id, dataset_id, title, released_at, origin, content_sha256) VALUES ({release}, 'trade', 'raw write', '2099-01-01T00:00:00Z', 'bench', 'raw-{release}');
        INSERT OR IGNORE INTO sources (id, publisher, kind, first_release) VALUES ('synthetic-raw-write', 'TradeApi synthetic data generator (not real)', 'analysis', {release});
        """;
    c.ExecuteNonQuery();
}

SqliteCommand Prepare(string sql, int parameters)
{
    var c = connection.CreateCommand();
    c.Transaction = tx;
    c.CommandText = sql;
    for (var i = 0; i < parameters; i++) c.Parameters.Add(new SqliteParameter($"@p{i}", null));
    c.Prepare();
    return c;
}
using var vintage = Prepare("""
    INSERT INTO trade_observations (id, reporter, partner, flow, freq, period, period_start, period_end, unit, value, cited_body, confidence, source_id, release_id)
    VALUES (@p0, @p1, @p2, @p3, 'M', @p4, @p5, @p5, 'USD', @p6, 'synthetic (not real)', 'reported', 'synthetic-raw-write', @p7)
    """, 8);
using var published = Prepare("""
    INSERT INTO trade_published (valid_from, observation_id, reporter, partner, flow, freq, period, period_start, period_end, value, unit, value_status,
        yoy_change_status, cited_body, confidence, preferred, versions, version_rank, source_id, release_id)
    VALUES (@p0, @p1, @p2, @p3, @p4, 'M', @p5, @p6, @p6, @p7, 'USD', 'published', 'unavailable', 'synthetic (not real)', 'reported', 1, 1, 1, 'synthetic-raw-write', @p0)
    """, 8);

var perMonth = countries.Length * (countries.Length - 1) * flows.Length;
var months = (int)((rows + perMonth - 1) / perMonth);
for (long i = 0; i < rows; i++)
{
    var month = keyOrder ? (int)(i % months) : (int)(i / perMonth);
    var within = keyOrder ? (int)(i / months) : (int)(i % perMonth);
    var flow = flows[within % 3];
    var pair = within / 3;
    var reporter = countries[pair / (countries.Length - 1)];
    var other = pair % (countries.Length - 1);
    var partner = countries[other >= Array.IndexOf(countries, reporter) ? other + 1 : other];
    var start = 2000 * 12 + month;
    var period = $"{start / 12:D4}-{start % 12 + 1:D2}";
    var value = (double)(1_000_000 + (i * 2654435761L % 1_000_000_000));
    var id = firstId + i;
    object[] v = [id, reporter, partner, flow, period, start, value, release];
    for (var k = 0; k < v.Length; k++) vintage.Parameters[k].Value = v[k];
    vintage.ExecuteNonQuery();
    object[] p = [release, id, reporter, partner, flow, period, start, value];
    for (var k = 0; k < p.Length; k++) published.Parameters[k].Value = p[k];
    published.ExecuteNonQuery();
}
tx.Commit();
Console.WriteLine($"{rows} rows in {clock.Elapsed.TotalSeconds:F2} s: {rows / clock.Elapsed.TotalSeconds:F0} rows/s");
