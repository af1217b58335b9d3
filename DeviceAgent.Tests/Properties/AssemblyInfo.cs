using System.Reflection;

[assembly: AssemblyTitle("NFUnitTest")]
[assembly: AssemblyProduct("DeviceAgent")]
[assembly: AssemblyVersion("0.1.0.0")]
