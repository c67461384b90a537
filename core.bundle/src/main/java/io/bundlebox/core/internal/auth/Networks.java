package io.bundlebox.core.internal.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of networks in CIDR notation ({@code 127.0.0.0/8,::1,192.168.0.0/16}); a bare address is
 * a network of one. Used for {@code auth.trusted.networks}: clients there may send passwords
 * without TLS.
 */
public final class Networks {

    private record Cidr(byte[] prefix, int bits) {
        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (address[full] & mask) == (prefix[full] & mask);
        }
    }

    private final List<Cidr> networks;
    private final String spec;

    private Networks(List<Cidr> networks, String spec) {
        this.networks = networks;
        this.spec = spec;
    }

    /**
     * @param spec comma-separated networks; blank for none
     * @throws IllegalArgumentException naming the entry that is not an address or network
     */
    public static Networks parse(String spec) {
        List<Cidr> list = new ArrayList<>();
        for (String entry : spec.split(",")) {
            String e = entry.strip();
            if (e.isEmpty()) {
                continue;
            }
            int slash = e.indexOf('/');
            String host = slash < 0 ? e : e.substring(0, slash);
            if (!host.matches("[0-9a-fA-F:.]+")) {
                throw new IllegalArgumentException("'" + e + "' is not an IP address or network");
            }
            byte[] prefix;
            try {
                prefix = InetAddress.getByName(host).getAddress(); // a literal: no name lookup
            } catch (UnknownHostException ex) {
                throw new IllegalArgumentException("'" + e + "' is not an IP address or network");
            }
            int bits = prefix.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(e.substring(slash + 1));
                } catch (NumberFormatException ex) {
                    bits = -1;
                }
                if (bits < 0 || bits > prefix.length * 8) {
                    throw new IllegalArgumentException("'" + e + "' has a bad prefix length");
                }
            }
            list.add(new Cidr(prefix, bits));
        }
        return new Networks(List.copyOf(list), spec.strip());
    }

    /** Whether {@code address} lies in one of the networks. */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        return networks.stream().anyMatch(n -> n.contains(a));
    }

    @Override
    public String toString() {
        return spec;
    }
}
