package dev.lepus.kernel;

/**
 * One cap as tools see it (the {@code caps} table of the SQL view reads these).
 *
 * @param id the cap's identity, unique while it exists
 * @param holder the holding component's name, or {@code "(node)"}
 * @param target the designated component's name
 * @param rights the rights, a bit set of {@code Cap} rights
 * @param badge the badge, 0 if none
 * @param parent the id of the cap it was derived from, or 0 for a root (a component's self cap)
 * @param revoked whether it was revoked
 * @param deleted whether its holder deleted it
 */
public record CapInfo(long id, String holder, String target, int rights, long badge, long parent, boolean revoked,
        boolean deleted) {
}
