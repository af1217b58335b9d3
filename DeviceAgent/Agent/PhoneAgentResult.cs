using DeviceAgent.Dhcp;
using DeviceAgent.Firmware;
using DeviceAgent.Identity;
using DeviceAgent.Provisioning;

namespace DeviceAgent.Agent
{
    /// <summary>How one power-up of the <see cref="PhoneAgent"/> ended.</summary>
    public sealed class PhoneAgentResult
    {
        /// <summary>True when the phone has its telephony configuration (firmware problems do not change that).</summary>
        public bool Configured { get; internal set; }

        /// <summary>When not configured: the step that failed (<see cref="PhoneAgent.StepIdentity"/>, ...).</summary>
        public string FailedStep { get; internal set; }

        /// <summary>When not configured: one line per reason.</summary>
        public string[] Reasons { get; internal set; }

        /// <summary>When not configured: monotonic time at which the board should power up the sequence again.</summary>
        public long RetryAtMilliseconds { get; internal set; }

        /// <summary>The identity record as it ends the phase (with a newly learned contact), or null when none was stored.</summary>
        public IdentityRecord Record { get; internal set; }

        /// <summary>The DHCP lease, or null without DHCP or when DHCP failed.</summary>
        public DhcpLease Lease { get; internal set; }

        /// <summary>The configuration, when configured.</summary>
        public TelephonyConfiguration Configuration { get; internal set; }

        /// <summary>The provisioning entry point that answered with the configuration.</summary>
        public string ConfiguredBy { get; internal set; }

        /// <summary>How the firmware step ended; <see cref="FirmwareOutcome.UpToDate"/> also when nothing was offered.</summary>
        public FirmwareOutcome Firmware { get; internal set; }

        /// <summary>Detail of <see cref="Firmware"/>.</summary>
        public string FirmwareDetail { get; internal set; }

        /// <summary>True when a firmware outcome was reported and the server accepted the report.</summary>
        public bool FirmwareReported { get; internal set; }
    }
}
