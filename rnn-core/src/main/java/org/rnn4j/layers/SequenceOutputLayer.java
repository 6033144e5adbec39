package org.rnn4j.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.RnnOutputLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.TimeSeriesUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * The layer {@link SequenceOutput} configures: DL4J's {@link RnnOutputLayer} with a leaner training step. DL4J's
 * computes the pre-activations {@code x W + b} of all [N*T] rows twice per step (for the gradient, then again for
 * the score) and copies the gradient for the layer below from its time-major rows into 'f'-order [N, H, T]. This
 * layer computes the pre-activations once, scores them in the same backward pass (the score that
 * {@link #computeScore} then returns for that input and those labels; with dropout, whose score DL4J takes on
 * the input before dropout, it is left to DL4J), and hands the gradient down as an [N, H, T]
 * (or [N, T, H]) view of its time-major rows, which the fused recurrent layers read as they are. Every operation is
 * DL4J's own on the same arrays in the same order, so gradients and score are bit for bit DL4J's.
 */
public class SequenceOutputLayer extends RnnOutputLayer {
    private double trainingScore = Double.NaN;  // the last backward pass's summed loss, before averaging
    private INDArray scoredInput;               // the input and labels it belongs to
    private INDArray scoredLabels;

    /** @see SequenceOutput#instantiate */
    public SequenceOutputLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        scoredInput = null;
        boolean nwc = layerConf().getRnnDataFormat() == RNNFormat.NWC;
        int time = nwc ? 1 : 2;
        if (input.rank() != 3 || labels == null || labels.rank() != 3 || input.size(time) != labels.size(time)) {
            return super.backpropGradient(epsilon, workspaceMgr);  // DL4J's checks and messages
        }
        long n = input.size(0);
        long t = input.size(time);
        INDArray input3d = input;
        this.input = TimeSeriesUtils.reshape3dTo2d(nwc ? input.permute(0, 2, 1) : input, workspaceMgr,
                ArrayType.BP_WORKING_MEM);
        applyDropOutIfNecessary(true, workspaceMgr);
        INDArray preOut = preOutput2d(true, workspaceMgr);
        ILossFunction loss = layerConf().getLossFn();
        INDArray labels2d = getLabels2d(workspaceMgr, ArrayType.BP_WORKING_MEM);
        INDArray delta = loss.computeGradient(labels2d, preOut, layerConf().getActivationFn(), maskArray);

        Gradient gradient = new DefaultGradient();
        INDArray weightGrad = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
        Nd4j.gemm(input.castTo(weightGrad.dataType()), delta, weightGrad, true, false, 1.0, 0.0);
        gradient.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, weightGrad);
        if (hasBias()) {
            INDArray biasGrad = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
            delta.sum(biasGrad, 0);
            gradient.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, biasGrad);
        }
        // DL4J's product, W delta^T as [H, N*T] column-major: in memory, the time-major rows [T][N][H], whose
        // [N, H, T] (or [N, T, H]) view is handed down; it covers its buffer, as the fused layers read best
        INDArray w = getParamWithNoise(DefaultParamInitializer.WEIGHT_KEY, true, workspaceMgr);
        long h = w.size(0);
        INDArray rows = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, delta.dataType(),
                new long[]{h, n * t}, 'f');
        w.mmuli(delta.transpose(), rows);
        backpropDropOutIfPresent(rows.transpose());
        INDArray hnt = Nd4j.create(rows.data(), new long[]{h, n, t}, new long[]{1, h, h * n}, 0, 'f');
        this.input = input3d;
        weightNoiseParams.clear();
        if (layerConf().getIDropout() == null) {
            // with dropout, DL4J scores the input as it was before dropout: left to DL4J's computeScore
            scoredInput = input3d;
            scoredLabels = labels;
            trainingScore = loss.computeScore(labels2d, preOut, layerConf().getActivationFn(), maskArray, false);
        }
        return new Pair<>(gradient, nwc ? hnt.permute(1, 2, 0) : hnt.permute(1, 0, 2));
    }

    /** The score of the last backward pass when it was of this input and these labels; DL4J's otherwise. */
    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!training || scoredInput == null || scoredInput != input || scoredLabels != labels) {
            return super.computeScore(fullNetRegTerm, training, workspaceMgr);
        }
        scoredInput = null;
        double s = trainingScore;
        if (conf().isMiniBatch()) {
            s /= getInputMiniBatchSize();
        }
        score = s + fullNetRegTerm;
        return score;
    }

    @Override
    public void clear() {
        super.clear();
        scoredInput = null;
        scoredLabels = null;
    }
}
