package io.midreg.upstream.targets;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * The order RFC 2782 gives SRV targets: by priority, lowest first; within a priority, a
 * weighted random order (each next one drawn with a chance proportional to its weight, those
 * of weight 0 first in the list so they are drawn only rarely, as the RFC's algorithm does).
 */
public final class Rfc2782Order {
    private Rfc2782Order() {
    }

    public static List<Candidate> order(List<Candidate> candidates, RandomGenerator random) {
        TreeMap<Integer, List<Candidate>> byPriority = new TreeMap<>();
        for (Candidate c : candidates) byPriority.computeIfAbsent(c.priority(), p -> new ArrayList<>()).add(c);
        List<Candidate> out = new ArrayList<>(candidates.size());
        for (List<Candidate> group : byPriority.values()) {
            List<Candidate> left = new ArrayList<>(group);
            left.sort(Comparator.comparingInt(Candidate::weight)); // weight 0 first, per the RFC
            while (!left.isEmpty()) {
                long total = 0;
                for (Candidate c : left) total += c.weight();
                long draw = total == 0 ? 0 : random.nextLong(total + 1);
                long running = 0;
                int pick = 0;
                for (int i = 0; i < left.size(); i++) {
                    running += left.get(i).weight();
                    if (running >= draw) {
                        pick = i;
                        break;
                    }
                }
                out.add(left.remove(pick));
            }
        }
        return out;
    }
}
