package dev.lepus.kernel.loader.corpus.legit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Legit: lambdas, method references, streams, collectors, collections in instance fields, string concatenation. */
@Manifest(name = "streams")
public final class LambdasAndStreams implements Component<String> {

    private static final List<String> STOP_WORDS = List.of("a", "the", "of");
    private static final Map<String, Integer> WEIGHTS = Map.of("lepus", 3, "hare", 2);
    private static final Comparator<String> ORDER = Comparator.comparing(String::length)
        .thenComparing(Function.identity());

    private final List<String> words = new ArrayList<>();
    private final Map<String, Integer> counts = new HashMap<>();
    private final TreeMap<Integer, List<String>> byLength = new TreeMap<>();

    /** A fresh instance. */
    public LambdasAndStreams() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        final List<String> fresh = List.of(message.split(" ")).stream()
            .map(String::trim)
            .filter(w -> !w.isEmpty() && !STOP_WORDS.contains(w))
            .sorted(ORDER)
            .toList();
        words.addAll(fresh);
        fresh.forEach(w -> counts.merge(w, WEIGHTS.getOrDefault(w, 1), Integer::sum));
        byLength.putAll(words.stream().collect(Collectors.groupingBy(String::length, TreeMap::new,
            Collectors.toList())));
        final Optional<String> longest = words.stream().max(ORDER);
        final StringBuilder b = new StringBuilder();
        IntStream.range(0, Math.min(3, words.size())).forEach(i -> b.append(words.get(i)).append(','));
        final Runnable report = () -> ctx.log("words " + words.size() + ", longest " + longest.orElse("-")
            + ", first " + b + ", counts " + counts + ", lengths " + byLength.keySet());
        report.run();
    }
}
