using System.Reflection;

[assembly: AssemblyTitle("Esp32DevKitC")]
[assembly: AssemblyDescription("DeviceAgent on an ESP32-DevKitC (Wi-Fi station)")]
[assembly: AssemblyProduct("DeviceAgent")]
[assembly: AssemblyVersion("0.1.0.0")]
