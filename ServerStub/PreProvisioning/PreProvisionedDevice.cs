using System;
using DeviceAgent.Identity;

namespace ServerStub.PreProvisioning;

/// <summary>One row of the look-up table: where a device finds its provisioning entry point.</summary>
public sealed record PreProvisionedDevice(string DeviceId, ProvisioningContact Contact, uint ValidForSeconds, byte[] Secret, DateTimeOffset UpdatedAt)
{
    /// <summary>
    /// Validates management input with the device's own rules (device ID as <see cref="IdentityRecord.ValidateDeviceId"/>,
    /// contact as <see cref="ProvisioningContact.Parse"/>, secret 16-64 bytes in hex, valid-for 0-4294967295 s);
    /// throws <see cref="DeviceValidationException"/> naming the field.
    /// </summary>
    public static PreProvisionedDevice Validate(string deviceId, string contact, long? validForSeconds, string secretHex, uint defaultValidForSeconds, DateTimeOffset now)
    {
        try
        {
            IdentityRecord.ValidateDeviceId(deviceId);
        }
        catch (IdentityFormatException e)
        {
            throw new DeviceValidationException("deviceId", e.Message);
        }

        ProvisioningContact parsed;
        try
        {
            parsed = ProvisioningContact.Parse(contact);
        }
        catch (IdentityFormatException e)
        {
            throw new DeviceValidationException("contact", e.Message);
        }

        if (validForSeconds is < 0 or > uint.MaxValue)
        {
            throw new DeviceValidationException("validForSeconds", $"validForSeconds: {validForSeconds} is outside 0-{uint.MaxValue}");
        }

        return new PreProvisionedDevice(deviceId, parsed, (uint)(validForSeconds ?? defaultValidForSeconds), ParseSecret(secretHex), now);
    }

    private static byte[] ParseSecret(string hex)
    {
        if (string.IsNullOrEmpty(hex))
        {
            return null;
        }

        byte[] secret;
        try
        {
            secret = Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            throw new DeviceValidationException("secret", "secret: must be hex digits, an even number of them");
        }

        if (secret.Length < IdentityRecord.MinDeviceSecretLength || secret.Length > IdentityRecord.MaxDeviceSecretLength)
        {
            throw new DeviceValidationException("secret", $"secret: is {secret.Length} bytes, not {IdentityRecord.MinDeviceSecretLength}-{IdentityRecord.MaxDeviceSecretLength}");
        }

        return secret;
    }
}

/// <summary>Management input that the device rules reject; the message is the reason returned with 400.</summary>
public sealed class DeviceValidationException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
