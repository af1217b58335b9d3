using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace DeviceAgent.Tests.Portability;

/// <summary>Kind of a type in the nanoFramework API listing.</summary>
public enum ApiTypeKind
{
    Class,
    Struct,
    Interface,
    Enum,
    Delegate,
}

/// <summary>Kind of a member in the nanoFramework API listing.</summary>
public enum ApiMemberKind
{
    Constructor,
    Method,
    Property,
    Indexer,
    Event,
    Field,
}

/// <summary>How a member takes part in inheritance, as the listing spells it in its trailing brackets.</summary>
public enum ApiVirtuality
{
    None,
    Virtual,
    Override,
    SealedOverride,
    Abstract,
}

/// <summary>One parameter: type as written in the listing (fully qualified), modifier, default value literal, name.</summary>
public sealed record ApiParameter(string Type, string Modifier, string DefaultValue, string Name);

/// <summary>One member line of the listing.</summary>
public sealed class ApiMember
{
    public ApiMemberKind Kind { get; init; }
    public string Name { get; init; }

    /// <summary>Return type of a method, type of a property, indexer, field or (delegate) event; null for constructors.</summary>
    public string Type { get; init; }

    public IReadOnlyList<ApiParameter> Parameters { get; init; } = Array.Empty<ApiParameter>();
    public bool HasGetter { get; init; }
    public bool HasSetter { get; init; }
    public bool GetterProtected { get; init; }
    public bool SetterProtected { get; init; }
    public bool IsStatic { get; init; }
    public bool IsProtected { get; init; }
    public bool IsReadOnly { get; init; }
    public bool IsExtension { get; init; }
    public bool IsGeneric { get; init; }
    public bool IsObsolete { get; init; }
    public ApiVirtuality Virtuality { get; init; }

    /// <summary>The literal after <c>const =</c> (e.g. <c>192</c>, <c>"Accept"</c>, <c>NaN</c>), or null.</summary>
    public string ConstValue { get; init; }

    /// <summary>
    /// Identity for override and interface matching: kind, name and parameter types (with ref/out), because a
    /// derived class's listed override must be recognised as covering the abstract member it replaces.
    /// </summary>
    public string SignatureKey =>
        Kind + ":" + Name + "(" + string.Join(",", Parameters.Select(p => (p.Modifier is "ref" or "out" ? "ref " : "") + p.Type)) + ")";
}

/// <summary>One type line of the listing with the member lines that follow it.</summary>
public sealed class ApiType
{
    public string Assembly { get; init; }

    /// <summary>Full name as listed: namespace, enclosing types and name, generic arity in metadata form.</summary>
    public string FullName { get; init; }

    public ApiTypeKind Kind { get; init; }
    public bool IsStatic { get; init; }
    public bool IsAbstract { get; init; }
    public bool IsSealed { get; init; }

    /// <summary>Base class (if any) and interfaces, in listing order; which is which needs the kinds of the named types.</summary>
    public IReadOnlyList<string> BaseTypes { get; init; } = Array.Empty<string>();

    public string EnumUnderlyingType { get; init; }
    public string DelegateReturnType { get; init; }
    public IReadOnlyList<ApiParameter> DelegateParameters { get; init; } = Array.Empty<ApiParameter>();
    public bool IsProtected { get; init; }
    public bool IsFlags { get; init; }
    public bool IsGeneric { get; init; }
    public bool IsObsolete { get; init; }
    public bool HasPrivateValueFields { get; init; }
    public bool HasPrivateReferenceFields { get; init; }

    /// <summary>AttributeTargets names of the class's own [AttributeUsage], or null.</summary>
    public IReadOnlyList<string> AttributeUsage { get; init; }

    public bool AllowMultiple { get; init; }
    public bool NotInherited { get; init; }
    public List<ApiMember> Members { get; } = new();

    /// <summary>Full name of the enclosing listed type for nested types, else null. Set once all types are read.</summary>
    public string DeclaringTypeName { get; internal set; }

    public string Namespace { get; internal set; }

    /// <summary>The name the type is declared with (no namespace, no enclosing type, no arity).</summary>
    public string SimpleName { get; internal set; }
}

/// <summary>
/// The nanoFramework API listing (../shared/nanoframework-api/*.txt, format in its README): every type and member
/// device code may use, one file per assembly. The stub generator builds compile-only assemblies from it.
/// </summary>
public sealed class ApiListing
{
    /// <summary>The assembly whose real binary is used instead of a stub.</summary>
    public const string CoreLibrary = "mscorlib";

    private readonly Dictionary<string, ApiType> _types = new(StringComparer.Ordinal);

    private ApiListing(IReadOnlyList<string> assemblies) => Assemblies = assemblies;

    /// <summary>Assembly names, one per listing file (file name without .txt), sorted.</summary>
    public IReadOnlyList<string> Assemblies { get; }

    public IEnumerable<ApiType> Types => _types.Values;

    public ApiType Find(string fullName) => fullName != null && _types.TryGetValue(fullName, out var t) ? t : null;

    public IEnumerable<ApiType> TypesOf(string assembly) => _types.Values.Where(t => t.Assembly == assembly);

    /// <summary>Reads every *.txt of the listing folder.</summary>
    public static ApiListing Load(string directory)
    {
        var files = Directory.GetFiles(directory, "*.txt").OrderBy(f => f, StringComparer.Ordinal).ToList();
        var listing = new ApiListing(files.Select(Path.GetFileNameWithoutExtension).ToList());
        foreach (var file in files)
        {
            var assembly = Path.GetFileNameWithoutExtension(file);
            ApiType current = null;
            var lineNumber = 0;
            foreach (var line in File.ReadLines(file))
            {
                lineNumber++;
                if (line.Length == 0 || line.StartsWith('#'))
                {
                    continue;
                }

                try
                {
                    if (line.StartsWith("T:", StringComparison.Ordinal))
                    {
                        current = ParseType(assembly, line);
                        listing._types[current.FullName] = current;
                    }
                    else if (current != null && line.StartsWith(current.FullName + ".", StringComparison.Ordinal))
                    {
                        current.Members.Add(ParseMember(line.Substring(current.FullName.Length + 1)));
                    }
                    else
                    {
                        throw new FormatException("member line does not follow its type line");
                    }
                }
                catch (Exception e) when (e is FormatException or ArgumentException or IndexOutOfRangeException)
                {
                    throw new FormatException($"{file}({lineNumber}): cannot parse '{line}': {e.Message}", e);
                }
            }
        }

        listing.ResolveNesting();
        return listing;
    }

    /// <summary>A type is nested when the part before its last dot is itself a listed type (README: "Nested types").</summary>
    private void ResolveNesting()
    {
        foreach (var type in _types.Values)
        {
            var name = StripArity(type.FullName);
            var dot = name.LastIndexOf('.');
            var outer = dot < 0 ? null : type.FullName.Substring(0, dot);
            type.DeclaringTypeName = outer != null && _types.ContainsKey(outer) ? outer : null;
            type.SimpleName = name.Substring(dot + 1);
            var top = type;
            while (top.DeclaringTypeName != null)
            {
                top = _types[top.DeclaringTypeName];
            }

            var topName = StripArity(top.FullName);
            var topDot = topName.LastIndexOf('.');
            type.Namespace = topDot < 0 ? "" : topName.Substring(0, topDot);
        }
    }

    private static string StripArity(string name)
    {
        var lt = name.IndexOf('<');
        var bare = lt < 0 ? name : name.Substring(0, lt);
        var tick = bare.IndexOf('`');
        return tick < 0 ? bare : bare.Substring(0, tick);
    }

    private static ApiType ParseType(string assembly, string line)
    {
        var (body, attrs) = SplitAttributes(line.Substring(2));
        var sep = body.IndexOf("  ", StringComparison.Ordinal);
        var fullName = body.Substring(0, sep);
        var rest = body.Substring(sep + 2).Trim();

        var kind = ApiTypeKind.Class;
        bool isStatic = false, isAbstract = false, isSealed = false;
        string underlying = null, delegateReturn = null;
        IReadOnlyList<ApiParameter> delegateParameters = Array.Empty<ApiParameter>();
        var bases = new List<string>();
        var names = attrs.GetValueOrDefault("names")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? Array.Empty<string>();

        if (rest.StartsWith("delegate (", StringComparison.Ordinal))
        {
            kind = ApiTypeKind.Delegate;
            var close = MatchingClose(rest, rest.IndexOf('('));
            delegateParameters = ParseParameters(rest.Substring(10, close - 10), names);
            delegateReturn = rest.Substring(close + 1).Trim().TrimStart(':').Trim();
        }
        else if (rest.StartsWith("enum", StringComparison.Ordinal))
        {
            kind = ApiTypeKind.Enum;
            underlying = rest.Contains(':') ? rest.Substring(rest.IndexOf(':') + 1).Trim() : "System.Int32";
        }
        else
        {
            var colon = rest.IndexOf(" : ", StringComparison.Ordinal);
            var kindText = colon < 0 ? rest : rest.Substring(0, colon);
            if (colon >= 0)
            {
                bases.AddRange(SplitTopLevel(rest.Substring(colon + 3)));
            }

            switch (kindText)
            {
                case "class": break;
                case "static class": isStatic = true; break;
                case "abstract class": isAbstract = true; break;
                case "sealed class": isSealed = true; break;
                case "struct": kind = ApiTypeKind.Struct; break;
                case "interface": kind = ApiTypeKind.Interface; break;
                default: throw new FormatException($"unknown type kind '{kindText}'");
            }
        }

        var privateFields = attrs.GetValueOrDefault("private fields") ?? "";
        return new ApiType
        {
            Assembly = assembly,
            FullName = fullName,
            Kind = kind,
            IsStatic = isStatic,
            IsAbstract = isAbstract,
            IsSealed = isSealed,
            BaseTypes = bases,
            EnumUnderlyingType = underlying,
            DelegateReturnType = delegateReturn,
            DelegateParameters = delegateParameters,
            IsProtected = attrs.ContainsKey("protected"),
            IsFlags = attrs.ContainsKey("flags"),
            IsGeneric = attrs.ContainsKey("generic"),
            IsObsolete = attrs.ContainsKey("obsolete"),
            HasPrivateValueFields = privateFields.Split('|').Contains("value"),
            HasPrivateReferenceFields = privateFields.Split('|').Contains("reference"),
            AttributeUsage = attrs.TryGetValue("usage", out var usage) ? usage.Split('|') : null,
            AllowMultiple = attrs.ContainsKey("allow multiple"),
            NotInherited = attrs.ContainsKey("not inherited"),
        };
    }

    /// <summary>Parses a member line with the declaring type's name and its dot already removed.</summary>
    private static ApiMember ParseMember(string text)
    {
        var (body, attrs) = SplitAttributes(text);
        var names = attrs.GetValueOrDefault("names")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? Array.Empty<string>();
        var virtuality = attrs.ContainsKey("abstract") ? ApiVirtuality.Abstract
            : attrs.ContainsKey("sealed override") ? ApiVirtuality.SealedOverride
            : attrs.ContainsKey("override") ? ApiVirtuality.Override
            : attrs.ContainsKey("virtual") ? ApiVirtuality.Virtual
            : ApiVirtuality.None;

        ApiMemberKind kind;
        string name, type = null;
        IReadOnlyList<ApiParameter> parameters = Array.Empty<ApiParameter>();
        bool hasGet = false, hasSet = false, getProtected = false, setProtected = false;

        if (body.StartsWith(".ctor(", StringComparison.Ordinal))
        {
            kind = ApiMemberKind.Constructor;
            name = ".ctor";
            parameters = ParseParameters(body.Substring(6, MatchingClose(body, 5) - 6), names);
        }
        else
        {
            var i = 0;
            var depth = 0;
            while (i < body.Length && (depth > 0 || (body[i] != '(' && body[i] != ' ' && body[i] != '[')))
            {
                depth += body[i] == '<' ? 1 : body[i] == '>' ? -1 : 0;
                i++;
            }

            name = body.Substring(0, i);
            var after = body.Substring(i);
            if (name == "this" && after.StartsWith('['))
            {
                var close = MatchingClose(body, i);
                parameters = ParseParameters(body.Substring(i + 1, close - i - 1), names);
                after = body.Substring(close + 1);
                kind = ApiMemberKind.Indexer;
            }
            else if (after.StartsWith('('))
            {
                var close = MatchingClose(body, i);
                parameters = ParseParameters(body.Substring(i + 1, close - i - 1), names);
                after = body.Substring(close + 1);
                kind = ApiMemberKind.Method;
            }
            else if (after.StartsWith(" {", StringComparison.Ordinal))
            {
                kind = ApiMemberKind.Property;
            }
            else if (after.StartsWith(" : event ", StringComparison.Ordinal))
            {
                kind = ApiMemberKind.Event;
                after = " : " + after.Substring(9);
            }
            else
            {
                kind = ApiMemberKind.Field;
            }

            if (kind is ApiMemberKind.Property or ApiMemberKind.Indexer)
            {
                var close = after.IndexOf('}');
                var accessors = after.Substring(after.IndexOf('{') + 1, close - after.IndexOf('{') - 1)
                    .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                foreach (var accessor in accessors)
                {
                    var isProtected = accessor.StartsWith("protected ", StringComparison.Ordinal);
                    var accessorName = isProtected ? accessor.Substring(10) : accessor;
                    if (accessorName == "get")
                    {
                        (hasGet, getProtected) = (true, isProtected);
                    }
                    else if (accessorName == "set")
                    {
                        (hasSet, setProtected) = (true, isProtected);
                    }
                    else
                    {
                        throw new FormatException($"unknown accessor '{accessor}'");
                    }
                }

                after = after.Substring(close + 1);
            }

            after = after.Trim();
            if (after.Length > 0)
            {
                if (!after.StartsWith(": ", StringComparison.Ordinal))
                {
                    throw new FormatException($"expected ': <type>' but found '{after}'");
                }

                type = after.Substring(2).Trim();
            }
        }

        return new ApiMember
        {
            Kind = kind,
            Name = name,
            Type = type,
            Parameters = parameters,
            HasGetter = hasGet,
            HasSetter = hasSet,
            GetterProtected = getProtected,
            SetterProtected = setProtected,
            IsStatic = attrs.ContainsKey("static"),
            IsProtected = attrs.ContainsKey("protected"),
            IsReadOnly = attrs.ContainsKey("readonly"),
            IsExtension = attrs.ContainsKey("extension"),
            IsGeneric = attrs.ContainsKey("generic"),
            IsObsolete = attrs.ContainsKey("obsolete"),
            Virtuality = virtuality,
            ConstValue = attrs.GetValueOrDefault("const"),
        };
    }

    /// <summary>
    /// Splits off the trailing <c>  [a, b = c, names = x y]</c>. Items are flags or <c>key = value</c>; values may be
    /// quoted strings holding ", ", so the split respects quotes.
    /// </summary>
    private static (string Body, Dictionary<string, string> Attributes) SplitAttributes(string line)
    {
        var attrs = new Dictionary<string, string>(StringComparer.Ordinal);
        var start = line.EndsWith(']') ? line.LastIndexOf("  [", StringComparison.Ordinal) : -1;
        if (start < 0)
        {
            return (line.TrimEnd(), attrs);
        }

        foreach (var item in SplitTopLevel(line.Substring(start + 3, line.Length - start - 4)))
        {
            var eq = item.IndexOf(" = ", StringComparison.Ordinal);
            if (eq < 0)
            {
                attrs[item] = "";
            }
            else
            {
                attrs[item.Substring(0, eq)] = item.Substring(eq + 3);
            }
        }

        return (line.Substring(0, start).TrimEnd(), attrs);
    }

    private static IReadOnlyList<ApiParameter> ParseParameters(string text, string[] names)
    {
        var result = new List<ApiParameter>();
        var items = SplitTopLevel(text);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            string modifier = null, defaultValue = null;
            foreach (var m in new[] { "ref ", "out ", "in ", "params " })
            {
                if (item.StartsWith(m, StringComparison.Ordinal))
                {
                    modifier = m.Trim();
                    item = item.Substring(m.Length);
                }
            }

            var eq = item.IndexOf(" = ", StringComparison.Ordinal);
            if (eq >= 0)
            {
                defaultValue = item.Substring(eq + 3);
                item = item.Substring(0, eq);
            }

            result.Add(new ApiParameter(item.Trim(), modifier, defaultValue, i < names.Length ? names[i] : "_"));
        }

        return result;
    }

    /// <summary>Splits on ", " outside brackets and quotes (generic arguments and string literals hold commas).</summary>
    internal static List<string> SplitTopLevel(string text)
    {
        var parts = new List<string>();
        var depth = 0;
        var quote = '\0';
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c is '<' or '[' or '(')
            {
                depth++;
            }
            else if (c is '>' or ']' or ')')
            {
                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                parts.Add(text.Substring(start, i - start).Trim());
                start = i + 1;
            }
        }

        var last = text.Substring(start).Trim();
        if (last.Length > 0 || parts.Count > 0)
        {
            parts.Add(last);
        }

        return parts;
    }

    private static int MatchingClose(string text, int open)
    {
        var depth = 0;
        var quote = '\0';
        for (var i = open; i < text.Length; i++)
        {
            if (quote != '\0')
            {
                if (text[i] == '\\')
                {
                    i++;
                }
                else if (text[i] == quote)
                {
                    quote = '\0';
                }
            }
            else if (text[i] is '"' or '\'')
            {
                quote = text[i];
            }
            else if (text[i] is '(' or '[' or '<')
            {
                depth++;
            }
            else if (text[i] is ')' or ']' or '>' && --depth == 0)
            {
                return i;
            }
        }

        throw new FormatException("unbalanced brackets");
    }
}
