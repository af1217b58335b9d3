namespace DeviceAgent.Tftp
{
    /// <summary>TFTP packet types (RFC 1350 section 5; OACK from RFC 2347).</summary>
    public enum TftpOpcode
    {
        /// <summary>RRQ: read request.</summary>
        ReadRequest = 1,

        /// <summary>WRQ: write request.</summary>
        WriteRequest = 2,

        /// <summary>DATA: one block of the file.</summary>
        Data = 3,

        /// <summary>ACK: acknowledges one block (block 0 acknowledges an OACK).</summary>
        Ack = 4,

        /// <summary>ERROR: ends the transfer with a code and a message.</summary>
        Error = 5,

        /// <summary>OACK: the options the server accepted (RFC 2347).</summary>
        OptionAck = 6,
    }
}
