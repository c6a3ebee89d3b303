using System.Text.RegularExpressions;

namespace TradeApi.Tests.Architecture;

/// <summary>
/// No loop between folders: a folder (its namespace) that uses a type of another folder never has that folder use it
/// back, directly or through others. Read from the source: every top-level type and the folder that declares it,
/// then every file's mentions of other folders' types (by name, where its usings or its qualification make the
/// folder clear).
/// </summary>
public sealed partial class FolderLoopTests
{
    [Fact]
    public void NoFolderReachesBackIntoAFolderThatUsesIt()
    {
        var graph = DependencyGraph.Read(Path.Combine(Platform.OpenApi.OpenApiDocumentTests.RepositoryRoot(), "src", "TradeApi"));
        Assert.True(graph.Edges.Count > 10, "the dependency graph read almost nothing: is the source where the test looks?");
        var loops = graph.Loops();
        Assert.True(loops.Count == 0, "folders in a loop (each uses the next, and the last the first):\n" + string.Join("\n", loops.Select(loop =>
            string.Join(" -> ", loop) + "\n  " + string.Join("\n  ", loop.Zip(loop.Skip(1).Append(loop[0]))
                .Select(pair => $"{pair.First} -> {pair.Second}: {string.Join(", ", graph.Edges[(pair.First, pair.Second)].Take(3))}")))));
    }

    /// <summary>What each group on the top floor may use besides itself: Platform nothing, Datasets the platform, and the two sides.</summary>
    private static readonly Dictionary<string, string[]> Layers = new()
    {
        ["Platform"] = [], ["Datasets"] = ["Platform"], ["Publishing"] = ["Datasets", "Platform"], ["Serving"] = ["Datasets", "Platform"],
    };

    [Fact]
    public void EachGroupUsesOnlyTheGroupsBelowIt()
    {
        var graph = DependencyGraph.Read(Path.Combine(Platform.OpenApi.OpenApiDocumentTests.RepositoryRoot(), "src", "TradeApi"));
        static string? Group(string ns) => ns.Split('.') is [_, var group, ..] && Layers.ContainsKey(group) ? group : null;
        var wrong = graph.Edges.Where(e => Group(e.Key.From) is { } from && Group(e.Key.To) is { } to && from != to && !Layers[from].Contains(to))
            .Select(e => $"{e.Key.From} -> {e.Key.To}: {string.Join(", ", e.Value.Take(3))}").ToList();
        Assert.True(wrong.Count == 0, "a group uses one it may not (Platform < Datasets < Publishing, Serving):\n" + string.Join("\n", wrong));
        var outside = graph.Edges.Keys.SelectMany(e => new[] { e.From, e.To }).Distinct().Where(ns => ns != "TradeApi" && Group(ns) is null).ToList();
        Assert.True(outside.Count == 0, "folders outside the four groups: " + string.Join(", ", outside));
    }

    [Fact]
    public void TheGraphSeesAUseThroughAUsingAndThroughAQualifiedName()
    {
        var folder = Directory.CreateTempSubdirectory("folder-loops").FullName;
        File.WriteAllText(Path.Combine(folder, "A.cs"), "namespace TradeApi.A;\npublic sealed class Alpha { public B.Beta? B; }\n");
        File.WriteAllText(Path.Combine(folder, "B.cs"), "using TradeApi.A;\nnamespace TradeApi.B;\npublic sealed class Beta { public Alpha? A; }\n");
        var graph = DependencyGraph.Read(folder);
        Assert.Equal([["TradeApi.A", "TradeApi.B"]], graph.Loops());
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>Which folder uses which, with the file and type that show it.</summary>
    private sealed partial class DependencyGraph
    {
        public Dictionary<(string From, string To), SortedSet<string>> Edges { get; } = [];

        public static DependencyGraph Read(string root)
        {
            var files = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
                .Select(f => (Path: Path.GetRelativePath(root, f), Text: Strip(File.ReadAllText(f))))
                .Select(f => (f.Path, f.Text, Namespace: NamespaceLine().Match(f.Text) is { Success: true } m ? m.Groups[1].Value : null))
                .Where(f => f.Namespace is not null)
                .ToList();
            var declared = files.SelectMany(f => TypeDeclaration().Matches(f.Text).Select(m => (Type: m.Groups[1].Value, f.Namespace)))
                .GroupBy(t => t.Type).ToDictionary(g => g.Key, g => g.Select(t => t.Namespace!).Distinct().ToList());
            var graph = new DependencyGraph();
            foreach (var (path, text, ns) in files)
            {
                var usings = UsingLine().Matches(text).Select(m => m.Groups[1].Value).ToHashSet();
                // TradeApi.Platform.Paging.Cursor, or TradeApi.Platform.Paging.Cursor inside TradeApi.
                foreach (Match qualified in QualifiedName().Matches(text))
                {
                    var owner = qualified.Groups[1].Value.StartsWith("TradeApi.", StringComparison.Ordinal) ? qualified.Groups[1].Value : $"TradeApi.{qualified.Groups[1].Value}";
                    if (declared.TryGetValue(qualified.Groups[2].Value, out var owners) && owners.Contains(owner))
                        graph.Add(ns!, owner, $"{path} ({qualified.Groups[2].Value})");
                }
                foreach (Match word in Identifier().Matches(text))
                {
                    if (!declared.TryGetValue(word.Value, out var owners) || owners.Contains(ns!)) continue;
                    var imported = owners.Where(usings.Contains).ToList();
                    if (imported.Count == 1) graph.Add(ns!, imported[0], $"{path} ({word.Value})");
                }
            }
            return graph;
        }

        private void Add(string from, string to, string evidence)
        {
            if (from == to) return;
            if (!Edges.TryGetValue((from, to), out var set)) Edges[(from, to)] = set = new SortedSet<string>(StringComparer.Ordinal);
            set.Add(evidence);
        }

        /// <summary>Every strongly connected set of two or more folders (Tarjan), each sorted.</summary>
        public List<List<string>> Loops()
        {
            var next = Edges.Keys.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).ToList());
            var nodes = Edges.Keys.SelectMany(e => new[] { e.From, e.To }).Distinct().Order(StringComparer.Ordinal).ToList();
            var index = new Dictionary<string, int>();
            var low = new Dictionary<string, int>();
            var stack = new Stack<string>();
            var loops = new List<List<string>>();
            void Visit(string v)
            {
                index[v] = low[v] = index.Count;
                stack.Push(v);
                foreach (var w in next.GetValueOrDefault(v, []))
                {
                    if (!index.ContainsKey(w))
                    {
                        Visit(w);
                        low[v] = Math.Min(low[v], low[w]);
                    }
                    else if (stack.Contains(w)) low[v] = Math.Min(low[v], index[w]);
                }
                if (low[v] != index[v]) return;
                var component = new List<string>();
                string popped;
                do component.Add(popped = stack.Pop()); while (popped != v);
                if (component.Count > 1) loops.Add([.. component.Order(StringComparer.Ordinal)]);
            }
            foreach (var node in nodes.Where(n => !index.ContainsKey(n))) Visit(node);
            return loops;
        }

        /// <summary>The text without comments and string literals, so a word in prose is not a use.</summary>
        private static string Strip(string text) => Literal().Replace(text, " ");

        [GeneratedRegex(@"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline)]
        private static partial Regex NamespaceLine();

        [GeneratedRegex(@"^using\s+([\w.]+)\s*;", RegexOptions.Multiline)]
        private static partial Regex UsingLine();

        [GeneratedRegex(@"^(?:(?:public|internal|static|sealed|abstract|partial|readonly|file)\s+)*(?:record\s+struct|class|record|struct|interface|enum)\s+(\w+)", RegexOptions.Multiline)]
        private static partial Regex TypeDeclaration();

        [GeneratedRegex(@"\b([A-Z]\w*(?:\.[A-Z]\w*)*)\.([A-Z]\w*)\b")]
        private static partial Regex QualifiedName();

        [GeneratedRegex(@"\b[A-Z]\w*\b")]
        private static partial Regex Identifier();

        [GeneratedRegex(@"//[^\n]*|/\*.*?\*/|""""""[\s\S]*?""""""|@""(?:""""|[^""])*""|""(?:\\.|[^""\\\n])*""", RegexOptions.Singleline)]
        private static partial Regex Literal();
    }
}
