namespace DeviceAgent.Firmware
{
    /// <summary>
    /// Dotted numeric firmware versions such as <c>1.2.10</c>: compared component by component as numbers (so 1.2.10
    /// is newer than 1.2.9), missing trailing components counting as 0 (1.2 equals 1.2.0) and leading zeros ignored.
    /// </summary>
    public static class FirmwareVersion
    {
        /// <summary>True when <paramref name="version"/> is one or more runs of digits separated by single dots.</summary>
        public static bool IsValid(string version)
        {
            if (version == null || version.Length == 0)
            {
                return false;
            }

            bool digitSeen = false;
            for (int i = 0; i < version.Length; i++)
            {
                char c = version[i];
                if (c == '.')
                {
                    if (!digitSeen)
                    {
                        return false;
                    }

                    digitSeen = false;
                }
                else if (c >= '0' && c <= '9')
                {
                    digitSeen = true;
                }
                else
                {
                    return false;
                }
            }

            return digitSeen;
        }

        /// <summary>
        /// Compares two versions: negative when <paramref name="a"/> is older than <paramref name="b"/>, 0 when equal,
        /// positive when newer. Components may have any number of digits.
        /// </summary>
        /// <returns>False, with <paramref name="result"/> 0, when either is not a valid dotted numeric version.</returns>
        public static bool TryCompare(string a, string b, out int result)
        {
            result = 0;
            if (!IsValid(a) || !IsValid(b))
            {
                return false;
            }

            int i = 0;
            int j = 0;
            while (i < a.Length || j < b.Length)
            {
                int endA = ComponentEnd(a, i);
                int endB = ComponentEnd(b, j);
                int c = CompareComponent(a, i, endA, b, j, endB);
                if (c != 0)
                {
                    result = c;
                    return true;
                }

                i = endA + 1;
                j = endB + 1;
            }

            return true;
        }

        private static int ComponentEnd(string s, int start)
        {
            int end = start;
            while (end < s.Length && s[end] != '.')
            {
                end++;
            }

            return end;
        }

        // A component past the end of its version (start beyond the length) is empty, which counts as 0.
        private static int CompareComponent(string a, int startA, int endA, string b, int startB, int endB)
        {
            while (startA < endA && a[startA] == '0')
            {
                startA++;
            }

            while (startB < endB && b[startB] == '0')
            {
                startB++;
            }

            int lengthA = endA > startA ? endA - startA : 0;
            int lengthB = endB > startB ? endB - startB : 0;
            if (lengthA != lengthB)
            {
                return lengthA < lengthB ? -1 : 1;
            }

            for (int k = 0; k < lengthA; k++)
            {
                if (a[startA + k] != b[startB + k])
                {
                    return a[startA + k] < b[startB + k] ? -1 : 1;
                }
            }

            return 0;
        }
    }
}
