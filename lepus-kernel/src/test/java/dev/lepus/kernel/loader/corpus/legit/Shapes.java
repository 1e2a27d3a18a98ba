package dev.lepus.kernel.loader.corpus.legit;

import java.util.List;
import java.util.Map;

import dev.lepus.api.Cap;
import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Legit: a sealed protocol of records (nested, recursive through a list, with caps and enums), and record patterns. */
@Manifest(name = "shapes")
public final class Shapes implements Component<Shapes.Request> {

    /** Units of length. */
    public enum Unit {
        /** Centimetres. */
        CM,
        /** Inches. */
        INCH
    }

    /** A shape. */
    public sealed interface Shape permits Circle, Square, Group {
    }

    /**
     * A circle.
     *
     * @param radius its radius
     * @param unit the unit of the radius
     */
    public record Circle(double radius, Unit unit) implements Shape {
    }

    /**
     * A square.
     *
     * @param side its side
     */
    public record Square(long side) implements Shape {
    }

    /**
     * Several shapes.
     *
     * @param name the group's name
     * @param members the shapes in it
     * @param tags labels
     */
    public record Group(String name, List<Shape> members, Map<String, Long> tags) implements Shape {
    }

    /** The protocol. */
    public sealed interface Request permits Measure, Describe {
    }

    /**
     * Asks for the area of a shape.
     *
     * @param shape the shape
     * @param replyTo where the area goes
     */
    public record Measure(Shape shape, Cap<Double> replyTo) implements Request {
    }

    /**
     * Asks for a description, logged.
     *
     * @param shape the shape
     */
    public record Describe(Shape shape) implements Request {
    }

    /** A fresh instance. */
    public Shapes() {
    }

    @Override
    public void onMessage(final Context<Request> ctx, final Request message) {
        switch (message) {
            case Measure(Shape shape, Cap<Double> replyTo) -> ctx.send(replyTo, area(shape));
            case Describe(Circle(double r, Unit u)) when u == Unit.INCH -> ctx.log("circle of " + r + " in");
            case Describe(Shape shape) -> ctx.log(describe(shape));
        }
    }

    private static double area(final Shape shape) {
        return switch (shape) {
            case Circle c -> Math.PI * c.radius() * c.radius() * (c.unit() == Unit.INCH ? 6.4516 : 1);
            case Square(long side) -> (double) side * side;
            case Group g -> g.members().stream().mapToDouble(Shapes::area).sum();
        };
    }

    private static String describe(final Shape shape) {
        return switch (shape) {
            case Circle(double r, Unit u) -> "circle " + r + " " + u.name().toLowerCase(java.util.Locale.ROOT);
            case Square s -> "square " + s.side();
            case Group(String name, List<Shape> members, Map<String, Long> tags) -> name + members.size() + tags;
        };
    }
}
