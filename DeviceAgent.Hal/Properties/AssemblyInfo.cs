using System.Reflection;

[assembly: AssemblyTitle("DeviceAgent.Hal")]
[assembly: AssemblyDescription("Zero-touch provisioning agent for ESP32-class IP phones")]
[assembly: AssemblyProduct("DeviceAgent")]
[assembly: AssemblyVersion("0.1.0.0")]
