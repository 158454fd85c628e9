package io.midreg.cli.architecture;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one Java source file says about its dependencies: its package, the packages of ours it
 * names (in imports or fully qualified in code), and its imports. Comments and literals are
 * blanked first, so a name in Javadoc or in a string is not a dependency.
 */
record JavaSource(String packageName, List<String> referencedPackages, List<String> imports) {
    private static final Pattern PACKAGE = Pattern.compile("\\bpackage\\s+([\\w.]+)\\s*;");
    /** A qualified name of ours: lower-case package segments, then a type (imports, static imports, code). */
    private static final Pattern OURS = Pattern.compile("\\b(io\\.midreg(?:\\s*\\.\\s*[a-z_]\\w*)*)\\s*\\.\\s*[A-Z]");
    private static final Pattern WILDCARD = Pattern.compile("\\bimport\\s+(io\\.midreg(?:\\.[a-z_]\\w*)*)\\.\\*\\s*;");
    private static final Pattern IMPORT = Pattern.compile("\\bimport\\s+(?:static\\s+)?([\\w.]+(?:\\.\\*)?)\\s*;");

    static JavaSource parse(String text) {
        String code = blankCommentsAndLiterals(text);
        Matcher p = PACKAGE.matcher(code);
        String pkg = p.find() ? p.group(1) : "";
        List<String> referenced = new ArrayList<>();
        Matcher m = OURS.matcher(code);
        while (m.find()) referenced.add(m.group(1).replaceAll("\\s", ""));
        Matcher w = WILDCARD.matcher(code);
        while (w.find()) referenced.add(w.group(1));
        referenced.remove(pkg);
        List<String> imports = new ArrayList<>();
        Matcher i = IMPORT.matcher(code);
        while (i.find()) imports.add(i.group(1));
        return new JavaSource(pkg, List.copyOf(referenced), List.copyOf(imports));
    }

    /** The text with comments, string, text-block and char literals replaced by spaces (newlines kept). */
    static String blankCommentsAndLiterals(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            char next = i + 1 < n ? s.charAt(i + 1) : 0;
            int end;
            if (c == '/' && next == '/') {
                end = s.indexOf('\n', i);
                if (end < 0) end = n;
            } else if (c == '/' && next == '*') {
                end = s.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
            } else if (s.startsWith("\"\"\"", i)) {
                end = s.indexOf("\"\"\"", i + 3);
                while (end > 0 && escaped(s, end)) end = s.indexOf("\"\"\"", end + 1);
                end = end < 0 ? n : end + 3;
            } else if (c == '"' || c == '\'') {
                end = i + 1;
                while (end < n && s.charAt(end) != c && s.charAt(end) != '\n') end += s.charAt(end) == '\\' ? 2 : 1;
                end = Math.min(n, end + 1);
            } else {
                out.append(c);
                i++;
                continue;
            }
            for (int k = i; k < end; k++) out.append(s.charAt(k) == '\n' ? '\n' : ' ');
            i = end;
        }
        return out.toString();
    }

    private static boolean escaped(String s, int at) {
        int backslashes = 0;
        for (int k = at - 1; k >= 0 && s.charAt(k) == '\\'; k--) backslashes++;
        return backslashes % 2 == 1;
    }
}
