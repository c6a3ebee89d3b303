using System.Globalization;
using TradeApi.Tests.Infrastructure;

// usage: Generator ROWS FILE [VALUE_SEED]
var rows = int.Parse(args[0], CultureInfo.InvariantCulture);
var seed = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 0;
using var writer = new StreamWriter(args[1]);
SyntheticTrade.Write(writer, rows, "synthetic-bench", seed);
