using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DeviceAgent.Tests.Portability;

/// <summary>
/// Finds constructs the nanoFramework v1 runtime cannot execute although the C# compiler may accept them against its
/// mscorlib: anything generic (definitions and uses, including <c>Action&lt;T&gt;</c>, which exists in the assembly,
/// and <c>int?</c>, which is <c>Nullable&lt;T&gt;</c>), anonymous types, iterators, async, multi-dimensional arrays,
/// default interface methods, tuples, stackalloc and records.
/// </summary>
/// <remarks>
/// Syntax finds what is written; the semantic model finds what is implied (a <c>var</c> holding a generic, a lambda
/// converted to <c>Func&lt;int&gt;</c>, a generic method called with inferred type arguments). One finding per line and
/// reason is enough to point the author at it.
/// </remarks>
public static class PortabilityAnalyzer
{
    private const string Generics = "generics do not exist at run time on nanoFramework v1";

    public static IReadOnlyList<PortabilityFinding> Analyze(Compilation compilation)
    {
        var findings = new List<PortabilityFinding>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var node in tree.GetRoot().DescendantNodesAndSelf())
            {
                var what = SyntaxViolation(node);
                if (what != null)
                {
                    findings.Add(Finding(node, what));
                }

                if (node is ExpressionSyntax expression)
                {
                    what = SemanticViolation(model, expression);
                    if (what != null)
                    {
                        findings.Add(Finding(node, what));
                    }
                }
            }
        }

        return findings
            .GroupBy(f => (f.Path, f.Line, f.Message))
            .Select(g => g.OrderBy(f => f.Column).First())
            .OrderBy(f => f.Path, System.StringComparer.Ordinal).ThenBy(f => f.Line).ThenBy(f => f.Column)
            .ToList();
    }

    private static string SyntaxViolation(SyntaxNode node) => node switch
    {
        RecordDeclarationSyntax => "record (records need generic equality and init-only support)",
        TypeDeclarationSyntax { TypeParameterList: not null } t => $"generic type definition '{t.Identifier}{t.TypeParameterList}' ({Generics})",
        DelegateDeclarationSyntax { TypeParameterList: not null } d => $"generic delegate definition '{d.Identifier}{d.TypeParameterList}' ({Generics})",
        MethodDeclarationSyntax { TypeParameterList: not null } m => $"generic method definition '{m.Identifier}{m.TypeParameterList}' ({Generics})",
        LocalFunctionStatementSyntax { TypeParameterList: not null } f => $"generic local function '{f.Identifier}{f.TypeParameterList}' ({Generics})",
        MethodDeclarationSyntax m when m.Modifiers.Any(SyntaxKind.AsyncKeyword) => "async method (no async/await or Task on nanoFramework; use Thread, Timer and events)",
        LocalFunctionStatementSyntax f when f.Modifiers.Any(SyntaxKind.AsyncKeyword) => "async local function (no async/await on nanoFramework)",
        AnonymousFunctionExpressionSyntax { AsyncKeyword.RawKind: (int)SyntaxKind.AsyncKeyword } => "async lambda (no async/await on nanoFramework)",
        AwaitExpressionSyntax => "await (no async/await on nanoFramework)",
        AnonymousObjectCreationExpressionSyntax => $"anonymous type (anonymous types are generic; {Generics})",
        YieldStatementSyntax => $"iterator (yield needs generic enumerators; {Generics})",
        ArrayRankSpecifierSyntax { Rank: > 1 } => "multi-dimensional array (not supported at run time; use jagged arrays)",
        TupleTypeSyntax or TupleExpressionSyntax => $"tuple (ValueTuple is generic; {Generics})",
        StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax => "stackalloc (not supported on nanoFramework)",
        MemberDeclarationSyntax member when member.Parent is InterfaceDeclarationSyntax && HasBody(member) =>
            "default interface method (interface member with a body; not supported at run time)",
        _ => null,
    };

    private static bool HasBody(MemberDeclarationSyntax member) => member switch
    {
        BaseMethodDeclarationSyntax m => m.Body != null || m.ExpressionBody != null,
        PropertyDeclarationSyntax p => p.ExpressionBody != null || HasAccessorBody(p.AccessorList),
        IndexerDeclarationSyntax i => i.ExpressionBody != null || HasAccessorBody(i.AccessorList),
        EventDeclarationSyntax e => HasAccessorBody(e.AccessorList),
        _ => false,
    };

    private static bool HasAccessorBody(AccessorListSyntax accessors) =>
        accessors != null && accessors.Accessors.Any(a => a.Body != null || a.ExpressionBody != null);

    private static string SemanticViolation(SemanticModel model, ExpressionSyntax expression)
    {
        var typeInfo = model.GetTypeInfo(expression);
        var what = TypeViolation(typeInfo.Type) ?? TypeViolation(typeInfo.ConvertedType);
        if (what != null)
        {
            return what;
        }

        var symbolInfo = model.GetSymbolInfo(expression);
        var symbol = symbolInfo.Symbol ?? symbolInfo.CandidateSymbols.FirstOrDefault();
        switch (symbol)
        {
            case IMethodSymbol { IsGenericMethod: true } method:
                return $"generic method '{method.ToDisplayString()}' ({Generics})";
            case ITypeSymbol type:
                return TypeViolation(type);
            case { ContainingType: { } containing }:
                return TypeViolation(containing);
        }

        // The compiler could not bind it (that is reported as an error), but a written type argument is still a generic.
        return symbol == null && expression is GenericNameSyntax generic
            ? $"generic name '{generic}' ({Generics})"
            : null;
    }

    private static string TypeViolation(ITypeSymbol type)
    {
        switch (type)
        {
            case IArrayTypeSymbol { Rank: > 1 }:
                return "multi-dimensional array (not supported at run time; use jagged arrays)";
            case IArrayTypeSymbol array:
                return TypeViolation(array.ElementType);
            case IPointerTypeSymbol pointer:
                return TypeViolation(pointer.PointedAtType);
            case INamedTypeSymbol { IsTupleType: true }:
                return $"tuple (ValueTuple is generic; {Generics})";
            case INamedTypeSymbol { IsAnonymousType: true }:
                return $"anonymous type (anonymous types are generic; {Generics})";
            case INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable:
                return $"nullable value type '{nullable.ToDisplayString()}' (Nullable<T> is generic; {Generics})";
            case INamedTypeSymbol named when named.TypeKind != TypeKind.Error && IsGeneric(named):
                return $"generic type '{named.ToDisplayString()}' ({Generics})";
            default:
                return null;
        }
    }

    private static bool IsGeneric(INamedTypeSymbol type)
    {
        for (var t = type; t != null; t = t.ContainingType)
        {
            if (t.IsGenericType)
            {
                return true;
            }
        }

        return false;
    }

    private static PortabilityFinding Finding(SyntaxNode node, string what)
    {
        var span = node.GetLocation().GetMappedLineSpan();
        return new PortabilityFinding(span.Path, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1,
            "portability", what);
    }
}
