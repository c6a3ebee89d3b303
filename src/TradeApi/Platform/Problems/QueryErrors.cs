using Microsoft.AspNetCore.Http.HttpResults;

namespace TradeApi.Platform.Problems;

/// <summary>Collects what is wrong with a query, parameter by parameter, and answers one 400 problem for all of it.</summary>
public sealed class QueryErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string parameter, string message)
    {
        if (!_errors.TryGetValue(parameter, out var list))
            _errors[parameter] = list = [];
        list.Add(message);
    }

    /// <summary>Every message with the parameter it is about.</summary>
    public IEnumerable<(string Parameter, string Message)> Entries => _errors.SelectMany(e => e.Value.Select(m => (e.Key, m)));

    public ValidationProblem ToProblem() => TypedResults.ValidationProblem(
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray()),
        detail: "Fix " + string.Join("; ", _errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")),
        title: "Invalid query parameter",
        type: ProblemTypes.InvalidParameter);
}
