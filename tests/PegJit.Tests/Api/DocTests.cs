// The package's XML docs, read back by reflection: every public member documented, the main entry points with an example.
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Xml.Linq;

namespace PegJit.Tests.Api;

public class DocTests
{
    /// <summary>The assemblies the PegJit package ships, each with the XML doc file the build writes beside it.</summary>
    internal static readonly Assembly[] Shipped =
    [
        typeof(Peg).Assembly, typeof(Pattern).Assembly, typeof(PegException).Assembly, typeof(TracerOptions).Assembly,
    ];

    /// <summary>The entry points a user meets first: each of these doc ids must carry an <c>&lt;example&gt;</c>.</summary>
    private static readonly string[] NeedExamples =
    [
        "M:PegJit.Peg.Match(PegJit.Pattern,System.String,System.Nullable{System.Int32},PegJit.MatchOptions)",
        "M:PegJit.Peg.Find(PegJit.Pattern,System.String,System.Nullable{System.Int32},PegJit.MatchOptions)",
        "M:PegJit.Peg.Matches(PegJit.Pattern,System.String,System.Nullable{System.Int32},PegJit.MatchOptions)",
        "M:PegJit.Peg.Replace(PegJit.Pattern,System.String,System.String,PegJit.MatchOptions,System.Int32,System.Int32)",
        "M:PegJit.Peg.Replace(PegJit.Pattern,System.String,System.Func{PegJit.MatchResult,System.String},PegJit.MatchOptions,System.Int32,System.Int32)",
        "M:PegJit.Peg.Count(PegJit.Pattern,System.String,System.Nullable{System.Int32},PegJit.MatchOptions)",
        "M:PegJit.Peg.IsMatch(PegJit.Pattern,System.String,System.Nullable{System.Int32},PegJit.MatchOptions)",
        "M:PegJit.Peg.EnumerateMatches(PegJit.Pattern,System.String,System.Nullable{System.Int32},PegJit.MatchOptions)",
        "M:PegJit.Re.Compile(System.String,System.Collections.Generic.IReadOnlyDictionary{System.String,System.Object})",
        "M:PegJit.Re.Match(System.String,System.String,System.Nullable{System.Int32},PegJit.MatchOptions)",
        "M:PegJit.Re.Find(System.String,System.String,System.Nullable{System.Int32},PegJit.MatchOptions)",
        "M:PegJit.Re.Gsub(System.String,System.String,System.String,PegJit.MatchOptions)",
        "M:PegJit.Pattern.P(System.String)",
        "M:PegJit.Pattern.P(System.Int32)",
        "M:PegJit.Pattern.S(System.String)",
        "M:PegJit.Pattern.R(System.String[])",
        "M:PegJit.Pattern.C(PegJit.Pattern)",
        "M:PegJit.Pattern.Ct(PegJit.Pattern)",
        "M:PegJit.Pattern.Cg(PegJit.Pattern,System.String)",
        "M:PegJit.Pattern.Cs(PegJit.Pattern)",
        "M:PegJit.Pattern.Cp",
        "M:PegJit.Pattern.Cmt(PegJit.Pattern,PegJit.MatchTimeFunction)",
        "M:PegJit.Pattern.Grammar(System.ValueTuple{System.String,PegJit.Pattern}[])",
        "M:PegJit.Pattern.op_Multiply(PegJit.Pattern,PegJit.Pattern)",
        "M:PegJit.Pattern.op_Addition(PegJit.Pattern,PegJit.Pattern)",
        "M:PegJit.Pattern.op_Subtraction(PegJit.Pattern,PegJit.Pattern)",
        "M:PegJit.Pattern.op_ExclusiveOr(PegJit.Pattern,System.Int32)",
        "M:PegJit.Pattern.op_Division(PegJit.Pattern,PegJit.CaptureFunction)",
        "M:PegJit.MatchResult.GetString(System.Int32)",
        "M:PegJit.MatchResult.Get``1(System.Int32)",
    ];

    /// <summary>Every member's doc element, by doc id, from the XML files of the shipped assemblies.</summary>
    internal static Dictionary<string, XElement> LoadDocs()
    {
        var docs = new Dictionary<string, XElement>(StringComparer.Ordinal);
        foreach (var a in Shipped)
        {
            string xml = Path.ChangeExtension(a.Location, ".xml");
            Assert.True(File.Exists(xml), $"{xml} is missing: GenerateDocumentationFile must stay on for {a.GetName().Name}");
            foreach (var m in XDocument.Load(xml).Root!.Element("members")!.Elements("member"))
                docs[m.Attribute("name")!.Value] = m;
        }
        return docs;
    }

    [Fact]
    public void Every_public_member_has_a_summary_and_its_params_and_returns()
    {
        var docs = LoadDocs();
        var problems = new List<string>();
        foreach (var type in Shipped.SelectMany(a => a.GetExportedTypes()).OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            CheckType(type, docs, problems);
            foreach (var member in VisibleMembers(type)) CheckMember(member, docs, problems);
        }
        Assert.True(problems.Count == 0, $"{problems.Count} documentation problems:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void The_main_entry_points_have_examples()
    {
        var docs = LoadDocs();
        var missing = NeedExamples.Where(id => !docs.TryGetValue(id, out var d) || d.Element("example")?.Element("code") is null).ToList();
        Assert.True(missing.Count == 0, "no <example><code> on:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void Doc_ids_are_computed_as_the_compiler_writes_them()
    {
        // The checks above are only as good as the ids: every documented public member must be found by its computed id.
        var docs = LoadDocs();
        var ids = Shipped.SelectMany(a => a.GetExportedTypes()).SelectMany(t => VisibleMembers(t).Select(Id).Prepend(Id(t))).ToHashSet();
        foreach (string id in NeedExamples) Assert.Contains(id, ids);
        Assert.Contains("M:PegJit.PegTable.TryGet``1(System.String,``0@)", ids);
        Assert.Contains("M:PegJit.Pattern.op_Implicit(System.String)~PegJit.Pattern", ids);
        Assert.Contains("P:PegJit.PegTable.Item(System.String)", ids);
        Assert.True(ids.Count(docs.ContainsKey) > 200, "too few computed ids were found in the XML docs");
    }

    private static void CheckType(Type type, Dictionary<string, XElement> docs, List<string> problems)
    {
        string id = Id(type);
        if (!HasSummary(docs, id)) { problems.Add($"{id}: no <summary>"); return; }
        if (typeof(Delegate).IsAssignableFrom(type)) CheckSignature(id, type.GetMethod("Invoke")!, docs[id], problems);
    }

    private static void CheckMember(MemberInfo member, Dictionary<string, XElement> docs, List<string> problems)
    {
        string id = Id(member);
        if (!docs.TryGetValue(id, out var doc)) { problems.Add($"{id}: not documented"); return; }
        if (doc.Element("inheritdoc") is not null) return;   // an override or interface member: its base's docs apply
        if (!HasSummary(docs, id)) problems.Add($"{id}: no <summary>");
        switch (member)
        {
            case MethodBase method: CheckSignature(id, method, doc, problems); break;
            case PropertyInfo { } p when p.GetIndexParameters().Length > 0:
                foreach (var prm in p.GetIndexParameters()) CheckParam(id, prm.Name!, doc, problems);
                break;
        }
    }

    private static void CheckSignature(string id, MethodBase method, XElement doc, List<string> problems)
    {
        foreach (var prm in method.GetParameters()) CheckParam(id, prm.Name!, doc, problems);
        if (method.IsGenericMethodDefinition)
            foreach (var t in method.GetGenericArguments())
                if (!doc.Elements("typeparam").Any(e => (string?)e.Attribute("name") == t.Name)) problems.Add($"{id}: no <typeparam name=\"{t.Name}\">");
        if (method is MethodInfo mi && mi.ReturnType != typeof(void) && IsBlank(doc.Element("returns")))
            problems.Add($"{id}: no <returns>");
    }

    private static void CheckParam(string id, string name, XElement doc, List<string> problems)
    {
        if (IsBlank(doc.Elements("param").FirstOrDefault(e => (string?)e.Attribute("name") == name)))
            problems.Add($"{id}: no <param name=\"{name}\">");
    }

    private static bool HasSummary(Dictionary<string, XElement> docs, string id) =>
        docs.TryGetValue(id, out var d) && !IsBlank(d.Element("summary"));

    private static bool IsBlank(XElement? e) => e is null || (string.IsNullOrWhiteSpace(e.Value) && !e.HasElements);

    /// <summary>The members a package user can call or override: public and protected, declared on the type, not
    /// compiler-generated (a record's Equals, Clone, PrintMembers...), accessors seen through their properties.</summary>
    internal static IEnumerable<MemberInfo> VisibleMembers(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        if (type.IsEnum)
        {
            foreach (var f in type.GetFields(BindingFlags.Public | BindingFlags.Static)) yield return f;
            yield break;
        }
        if (typeof(Delegate).IsAssignableFrom(type)) yield break;   // the type's own doc covers Invoke's parameters
        foreach (var m in type.GetMembers(all))
        {
            if (m.IsDefined(typeof(CompilerGeneratedAttribute)) || m.Name.Contains('<')) continue;
            bool visible = m switch
            {
                ConstructorInfo c => !c.IsStatic && (c.IsPublic || c.IsFamily || c.IsFamilyOrAssembly),
                MethodInfo mi => (mi.IsPublic || mi.IsFamily || mi.IsFamilyOrAssembly)
                    && (!mi.IsSpecialName || mi.Name.StartsWith("op_", StringComparison.Ordinal)),   // accessors: as properties
                PropertyInfo p => p.GetAccessors(nonPublic: true).Any(acc => acc.IsPublic || acc.IsFamily || acc.IsFamilyOrAssembly),
                FieldInfo f => f.IsPublic || f.IsFamily,
                EventInfo e => e.AddMethod is { } add && (add.IsPublic || add.IsFamily),
                _ => false,   // nested types are checked as exported types
            };
            if (!visible) continue;
            if (IsRecordPlumbing(type, m)) continue;
            yield return m;
        }
    }

    // The members a record or record struct gets from the compiler without [CompilerGenerated] on every one of them.
    private static bool IsRecordPlumbing(Type type, MemberInfo m)
    {
        bool record = type.GetMethod("<Clone>$") is not null || type.IsValueType && type.GetMethod("PrintMembers", BindingFlags.NonPublic | BindingFlags.Instance) is not null;
        if (!record) return false;
        return m.Name is "Equals" or "GetHashCode" or "op_Equality" or "op_Inequality" or "Deconstruct" or "EqualityContract" or "PrintMembers"
            || m is MethodInfo { Name: "ToString" } ts && ts.IsDefined(typeof(CompilerGeneratedAttribute));
    }

    // ---- doc ids, as the C# compiler writes them ---------------------------------------------------

    internal static string Id(Type t) => "T:" + TypeName(t, forDefinition: true);

    internal static string Id(MemberInfo m) => m switch
    {
        Type t => Id(t),
        FieldInfo f => $"F:{TypeName(f.DeclaringType!, true)}.{f.Name}",
        PropertyInfo p => $"P:{TypeName(p.DeclaringType!, true)}.{p.Name}{Params(p.GetIndexParameters())}",
        EventInfo e => $"E:{TypeName(e.DeclaringType!, true)}.{e.Name}",
        ConstructorInfo c => $"M:{TypeName(c.DeclaringType!, true)}.#ctor{Params(c.GetParameters())}",
        MethodInfo mi => $"M:{TypeName(mi.DeclaringType!, true)}.{mi.Name}" + (mi.IsGenericMethodDefinition ? $"``{mi.GetGenericArguments().Length}" : "")
            + Params(mi.GetParameters()) + (mi.Name is "op_Implicit" or "op_Explicit" ? "~" + TypeName(mi.ReturnType, false) : ""),
        _ => throw new NotSupportedException(m.GetType().Name),
    };

    private static string Params(ParameterInfo[] ps) =>
        ps.Length == 0 ? "" : "(" + string.Join(",", ps.Select(p => TypeName(p.ParameterType, false))) + ")";

    private static string TypeName(Type t, bool forDefinition)
    {
        if (t.IsByRef) return TypeName(t.GetElementType()!, false) + "@";
        if (t.IsArray) return TypeName(t.GetElementType()!, false) + "[" + new string(',', t.GetArrayRank() - 1) + "]";
        if (t.IsGenericParameter) return t.DeclaringMethod is not null ? $"``{t.GenericParameterPosition}" : $"`{t.GenericParameterPosition}";
        var sb = new StringBuilder();
        sb.Append(t.IsNested ? TypeName(t.DeclaringType!, forDefinition) + "." : t.Namespace is { Length: > 0 } ns ? ns + "." : "");
        string name = t.Name;
        int tick = name.IndexOf('`', StringComparison.Ordinal);
        if (tick < 0 || forDefinition) return sb.Append(name).ToString();
        sb.Append(name, 0, tick).Append('{');
        sb.Append(string.Join(",", t.GetGenericArguments().Select(a => TypeName(a, false))));
        return sb.Append('}').ToString();
    }
}
