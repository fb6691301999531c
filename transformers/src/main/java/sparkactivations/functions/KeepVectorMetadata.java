package sparkactivations.functions;

import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.attribute.NumericAttribute;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.catalyst.expressions.Alias;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.ExprId;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.rules.Rule;
import org.apache.spark.sql.catalyst.rules.UnknownRuleId$;
import org.apache.spark.sql.catalyst.trees.TreePattern;
import org.apache.spark.sql.catalyst.trees.TreePatternBits;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import scala.Function1;
import scala.Option;
import scala.PartialFunction;
import scala.runtime.AbstractPartialFunction;

/**
 * The ML metadata of an activated vector column, and the analyzer rule that gives it to the SQL
 * functions' results. A vector keeps its size and attribute names (not their statistics, which no
 * longer hold): {@link #outputMetadata} is what the stages put on their output columns.
 *
 * <p>An expression cannot carry metadata, and an {@code Alias} inherits it only from a named
 * child, so {@code relu(features) AS r} would lose the input's {@code ml_attr} group. After
 * resolution this rule gives every such alias (with no metadata of its own) of an activation,
 * possibly nested ({@code relu(elu(features))}), of a vector column that has an attribute group
 * the metadata the stages give, and updates the references to the alias above it in the same plan
 * (a subquery's column keeps it). Numbers, arrays, vectors without an attribute group and aliases
 * given metadata ({@code Column.as(name, metadata)}, even empty) are left alone; the mark Spark
 * puts on the names it makes itself ({@code SELECT relu(v)}) is not given metadata, and is kept
 * beside ours. Applying the rule again changes nothing: a rewritten alias has metadata of its own.
 * Plans without an alias, or already analyzed, are not walked.
 *
 * <p>Injected by {@link ActivationFunctions} with the functions, so it runs in sessions built with
 * the extension; a session that existed before (functions added by
 * {@link ActivationFunctions#register}) cannot take analyzer rules. Not part of the public API.
 */
public final class KeepVectorMetadata extends Rule<LogicalPlan> {

  /** The metadata key of Spark ML's attribute groups ({@code AttributeKeys.ML_ATTR}, private to Spark). */
  private static final String ML_ATTR = "ml_attr";

  /** The analyzer's mark on the aliases it names itself. */
  private static final String AUTO_GENERATED_ALIAS =
      org.apache.spark.sql.catalyst.util.package$.MODULE$.AUTO_GENERATED_ALIAS();

  /**
   * The metadata of an activation of column {@code in} named {@code outName}: empty unless
   * {@code in} is a vector whose attribute group has a size.
   */
  public static Metadata outputMetadata(StructField in, String outName) {
    if (!(in.dataType() instanceof VectorUDT)) {
      return Metadata.empty();
    }
    AttributeGroup group = AttributeGroup.fromStructField(in);
    if (group.attributes().isDefined()) {
      Attribute[] attrs = group.attributes().get();
      Attribute[] outAttrs = new Attribute[attrs.length];
      for (int i = 0; i < attrs.length; i++) {
        NumericAttribute a = NumericAttribute.defaultAttr().withIndex(i);
        outAttrs[i] = attrs[i].name().isDefined() ? a.withName(attrs[i].name().get()) : a;
      }
      return new AttributeGroup(outName, outAttrs).toMetadata();
    }
    if (group.size() >= 0) {
      return new AttributeGroup(outName, group.size()).toMetadata();
    }
    return Metadata.empty();
  }

  @Override
  public LogicalPlan apply(LogicalPlan plan) {
    // Analyzed plans and their analyzed parts are skipped (resolveOperators does that); a plan
    // without a candidate comes back as the same object, every node unchanged.
    if (plan.analyzed() || !plan.containsPattern(TreePattern.ALIAS())) {
      return plan;
    }
    // Bottom-up, so that an operator sees the new metadata of the aliases below it.
    Map<ExprId, Metadata> given = new HashMap<>();
    Function1<TreePatternBits, Object> withAlias = bits -> bits.containsPattern(TreePattern.ALIAS());
    Function1<TreePatternBits, Object> toRewrite = bits -> bits.containsPattern(TreePattern.ALIAS())
        || !given.isEmpty() && bits.containsPattern(TreePattern.ATTRIBUTE_REFERENCE());
    PartialFunction<Expression, Expression> expressions = everywhere(e -> rewrite(e, given));
    return plan.resolveOperatorsUpWithPruning(withAlias, UnknownRuleId$.MODULE$,
        everywhere(node -> node.transformExpressionsUpWithPruning(toRewrite, UnknownRuleId$.MODULE$, expressions)));
  }

  /** An alias to rewrite, or a reference to one rewritten below, with its new metadata; else {@code e}. */
  private static Expression rewrite(Expression e, Map<ExprId, Metadata> given) {
    if (e instanceof Alias) {
      Alias alias = (Alias) e;
      Metadata metadata = newMetadata(alias);
      if (metadata != null) {
        given.put(alias.exprId(), metadata);
        return new Alias(alias.child(), alias.name(), alias.exprId(), alias.qualifier(), Option.apply(metadata),
            alias.nonInheritableMetadataKeys());
      }
    } else if (e instanceof AttributeReference && !given.isEmpty()) {
      AttributeReference ref = (AttributeReference) e;
      Metadata metadata = given.get(ref.exprId());
      if (metadata != null && !metadata.equals(ref.metadata())) {
        return ref.withMetadata(metadata);
      }
    }
    return e;
  }

  /**
   * The metadata {@code alias} should have, if it has none of its own and its child is an
   * activation (possibly nested) of a vector column with an attribute group; else null.
   */
  private static Metadata newMetadata(Alias alias) {
    if (!(alias.child() instanceof ActivationExpression) || hasMetadataOfItsOwn(alias)) {
      return null;
    }
    Expression e = alias.child();
    while (e instanceof ActivationExpression) {
      e = ((ActivationExpression) e).child();
    }
    if (!(e instanceof org.apache.spark.sql.catalyst.expressions.Attribute) || !e.resolved()
        || !(e.dataType() instanceof VectorUDT)) {
      return null;
    }
    org.apache.spark.sql.catalyst.expressions.Attribute in = (org.apache.spark.sql.catalyst.expressions.Attribute) e;
    if (!in.metadata().contains(ML_ATTR)) {
      return null;
    }
    Metadata metadata = outputMetadata(new StructField(in.name(), in.dataType(), in.nullable(), in.metadata()),
        alias.name());
    if (!metadata.contains(ML_ATTR)) {
      return null;
    }
    return alias.explicitMetadata().isEmpty() ? metadata
        : new MetadataBuilder().withMetadata(alias.explicitMetadata().get()).withMetadata(metadata).build();
  }

  /**
   * Whether {@code alias} was given metadata, empty included: the analyzer's own mark on the names
   * it makes ({@code SELECT relu(v)}) does not count, and is kept beside ours.
   */
  private static boolean hasMetadataOfItsOwn(Alias alias) {
    if (alias.explicitMetadata().isEmpty()) {
      return false;
    }
    Metadata explicit = alias.explicitMetadata().get();
    return !explicit.contains(AUTO_GENERATED_ALIAS)
        || !new MetadataBuilder().withMetadata(explicit).remove(AUTO_GENERATED_ALIAS).build().equals(Metadata.empty());
  }

  /** {@code f} as a partial function defined everywhere, for Spark's transforms. */
  private static <T> PartialFunction<T, T> everywhere(UnaryOperator<T> f) {
    return new AbstractPartialFunction<T, T>() {
      @Override
      public boolean isDefinedAt(T x) {
        return true;
      }

      @Override
      @SuppressWarnings("unchecked")
      public <A1 extends T, B1> B1 applyOrElse(A1 x, Function1<A1, B1> fallback) {
        return (B1) f.apply(x);
      }
    };
  }
}
