namespace DeviceAgent.Tests.Portability;

/// <summary>
/// One problem found in device code: a compiler error (<c>Category</c> "error CS0246") or a construct the runtime
/// lacks ("portability"). Printed in the compiler's layout so editors and CI logs link to the line.
/// </summary>
public sealed record PortabilityFinding(string Path, int Line, int Column, string Category, string Message)
{
    public override string ToString() => $"{Path}({Line},{Column}): {Category}: {Message}";
}
