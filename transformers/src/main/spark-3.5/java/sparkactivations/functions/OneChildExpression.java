package sparkactivations.functions;

import org.apache.spark.sql.catalyst.expressions.Expression;

/**
 * An expression with one child, for Java. Spark's {@code UnaryExpression} cannot be extended from
 * Java (javac sees its final {@code withNewChildrenInternal} forwarder as returning {@code TreeNode},
 * not {@code Expression}), and the child collections are typed by the Scala version: this is the
 * Spark 3.5 (Scala 2.12) copy, src/main/spark-4 has the other. Not part of the public API.
 */
public abstract class OneChildExpression extends Expression {

  private static final long serialVersionUID = 1L;

  /** {@code children()} is called often during analysis; made once, on first use. */
  private transient scala.collection.immutable.List<Expression> children;

  /** The one child. */
  public abstract Expression child();

  /** This expression with another child. */
  protected abstract Expression withNewChild(Expression newChild);

  @Override
  public scala.collection.Seq<Expression> children() {
    if (children == null) {
      children = scala.collection.immutable.List$.MODULE$.<Expression>empty().$colon$colon(child());
    }
    return children;
  }

  @Override
  public Expression withNewChildrenInternal(scala.collection.IndexedSeq<Expression> newChildren) {
    return withNewChild(newChildren.apply(0));
  }
}
