package io.bundlebox.ext.sortthread;

/**
 * The base subject of RFC 5256 section 2.1, exactly as its steps say, on a subject whose RFC
 * 2047 encoded words are already decoded (step 1's first half: the store's header keys decode
 * them through Mime4j). Also tells whether the extraction removed a reply or forward marker
 * ({@code subj-refwd}, a {@code (fwd)} trailer, or {@code [fwd: ...]}), which the REFERENCES
 * algorithm of section 3 needs.
 *
 * <p>The ABNF of section 5 is case-insensitive in its literals ({@code re}, {@code fw},
 * {@code fwd}, {@code (fwd)}, {@code [fwd:}). WSP is SP or HTAB (RFC 5234).
 *
 * @param text the base subject (empty when nothing is left, or the subject is absent)
 * @param replyOrForward whether a subj-refwd, a "(fwd)" subj-trailer or a subj-fwd-hdr and
 *     subj-fwd-trl were removed
 */
record BaseSubject(String text, boolean replyOrForward) {

    /** Extracts the base subject of {@code subject} (null counts as empty). */
    static BaseSubject of(String subject) {
        if (subject == null) {
            return new BaseSubject("", false);
        }
        String s = normaliseSpace(subject);
        boolean marker = false;
        while (true) {
            // (2) trailers: "(fwd)" / WSP, repeatedly
            int end = s.length();
            while (true) {
                if (end > 0 && s.charAt(end - 1) == ' ') {
                    end--;
                } else if (end >= 5 && s.regionMatches(true, end - 5, "(fwd)", 0, 5)) {
                    end -= 5;
                    marker = true;
                } else {
                    break;
                }
            }
            s = s.substring(0, end);
            // (3) to (5): leaders and blobs until none match
            while (true) {
                int leader = leader(s);
                if (leader > 0) {
                    if (leader != leadingSpace(s)) {
                        marker = true; // a subj-refwd was in what we removed
                    }
                    s = s.substring(leader);
                    continue;
                }
                int blob = blob(s, 0);
                if (blob > 0 && blob < s.length()) { // (4) only if a non-empty subj-base remains
                    s = s.substring(blob);
                    continue;
                }
                break;
            }
            // (6) "[fwd:" ... "]" wrapper, then again from (2)
            if (s.length() >= 6 && s.regionMatches(true, 0, "[fwd:", 0, 5) && s.charAt(s.length() - 1) == ']') {
                s = s.substring(5, s.length() - 1);
                marker = true;
                continue;
            }
            return new BaseSubject(s, marker);
        }
    }

    /**
     * Step (1)'s second half: tabs (and line breaks left by decoding) become spaces, and runs of
     * spaces one space. (Unfolding already removed the CRLF of continuations.)
     */
    private static String normaliseSpace(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean wsp = c == ' ' || c == '\t' || c == '\r' || c == '\n';
            if (wsp) {
                if (!space) {
                    out.append(' ');
                }
                space = true;
            } else {
                out.append(c);
                space = false;
            }
        }
        return out.toString();
    }

    private static int leadingSpace(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    /**
     * The length of the longest prefix matching {@code *subj-leader}, where
     * {@code subj-leader = (*subj-blob subj-refwd) / WSP}; 0 when none.
     */
    private static int leader(String s) {
        int pos = 0;
        while (true) {
            if (pos < s.length() && s.charAt(pos) == ' ') {
                pos++;
                continue;
            }
            int at = pos;
            int b;
            while ((b = blob(s, at)) > 0) {
                at += b;
            }
            int r = refwd(s, at);
            if (r < 0) {
                return pos;
            }
            pos = at + r;
        }
    }

    /**
     * {@code subj-refwd = ("re" / ("fw" ["d"])) *WSP [subj-blob] ":"} at {@code from}: its
     * length, or -1.
     */
    private static int refwd(String s, int from) {
        int i;
        if (s.regionMatches(true, from, "re", 0, 2)) {
            i = from + 2;
        } else if (s.regionMatches(true, from, "fwd", 0, 3)) {
            i = from + 3;
        } else if (s.regionMatches(true, from, "fw", 0, 2)) {
            i = from + 2;
        } else {
            return -1;
        }
        int r = refwdRest(s, i);
        return r < 0 ? -1 : r - from;
    }

    /** {@code *WSP [subj-blob] ":"} at {@code i}: the end index, or -1. */
    private static int refwdRest(String s, int i) {
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        int b = blob(s, i);
        if (b > 0 && i + b < s.length() && s.charAt(i + b) == ':') {
            return i + b + 1;
        }
        if (i < s.length() && s.charAt(i) == ':') {
            return i + 1;
        }
        return -1;
    }

    /** {@code subj-blob = "[" *BLOBCHAR "]" *WSP} at {@code from}: its length, or 0. */
    private static int blob(String s, int from) {
        if (from >= s.length() || s.charAt(from) != '[') {
            return 0;
        }
        int i = from + 1;
        while (i < s.length() && s.charAt(i) != ']') {
            if (s.charAt(i) == '[') {
                return 0;
            }
            i++;
        }
        if (i >= s.length()) {
            return 0;
        }
        i++;
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i - from;
    }
}
