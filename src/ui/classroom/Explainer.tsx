// The short explainer for a class: what grokking is, what Grokfast does, why weight decay matters.
const POWER = 'https://arxiv.org/abs/2201.02177';
const LEE = 'https://arxiv.org/abs/2405.20233';
const NANDA = 'https://arxiv.org/abs/2301.05217';
const WANG = 'https://arxiv.org/abs/2405.15071';

export function Explainer() {
  return (
    <section className="explainer" aria-label="Explainer">
      <details>
        <summary>What is grokking?</summary>
        <p>
          The network sees part of a table such as <em>a + b mod 23</em> and must fill in the rest. It first memorises
          the pairs it is shown: training accuracy reaches 100% early, while validation accuracy (pairs it never saw)
          stays near chance. Much later it suddenly gets the unseen pairs right as well: it has found the rule. For
          addition the rule it finds works with waves (sines and cosines) of the numbers (
          <a href={NANDA}>Nanda et al. 2023</a>). The late jump was named grokking by{' '}
          <a href={POWER}>Power et al. (2022)</a>.
        </p>
      </details>
      <details>
        <summary>What does Grokfast do?</summary>
        <p>
          Each step&apos;s gradient mixes a fast, noisy part with a slow part that keeps pointing the same way over many
          steps. Grokfast (<a href={LEE}>Lee et al. 2024</a>) keeps a running average of past gradients (with momentum
          α) and adds λ times that slow part to each gradient before the optimizer uses it. In the paper&apos;s setup
          this reached 95% validation accuracy in about 900 steps instead of about 40,000. Their baseline had no weight
          decay, though; against a baseline with the same weight decay the gain is smaller (about 2× for this lab&apos;s
          small presets). The runs list shows the speed-up against any run you pick.
        </p>
      </details>
      <details>
        <summary>Why weight decay matters</summary>
        <p>
          Weight decay pulls every weight a little towards zero at each step. Memorising a table takes large weights;
          the rule can be written with smaller ones, so weight decay slowly favours the rule. It is the strongest single
          lever for grokking (<a href={POWER}>Power et al. 2022</a>). Try the &ldquo;No weight decay&rdquo; preset: it
          memorises the table and stays far from generalising.
        </p>
      </details>
      <details>
        <summary>Grokking and reasoning (the compose and compare tasks)</summary>
        <p>
          Language models know many facts and still stumble when an answer needs two of them chained: who is the mother
          of the father of someone? <a href={WANG}>Wang et al. (2024)</a> taught a small Transformer made-up facts (
          <em>atomic</em> facts such as &ldquo;e7&rsquo;s r2 is e31&rdquo;) and some facts inferred from them, and found
          that it learns to reason with the facts only by grokking. Set <code>task</code> to <code>compose</code> (two
          hops: e7&rsquo;s r2&rsquo;s r5) or <code>compare</code> (is e7&rsquo;s value of a3 smaller than e12&rsquo;s?).
          The charts then show three curves: training; test-ID, new inferences from facts the model has seen used in
          other inferences; and test-OOD, inferences from facts it has only ever seen alone. In the paper composition
          groks on test-ID and stays near chance on test-OOD, while comparison gets both; φ, the number of inferred
          facts trained per atomic fact, sets how soon. This lab runs them far smaller than the paper did: the preset
          &ldquo;Composition, small&rdquo; memorises within a thousand steps, then climbs on test-ID for thousands more
          and groks, while test-OOD stays at chance: the paper&rsquo;s result. On &ldquo;Comparison, small&rdquo;
          test-OOD rises far above guessing but, at this size, neither test set has reached the paper&rsquo;s ~100%.
        </p>
      </details>
    </section>
  );
}
