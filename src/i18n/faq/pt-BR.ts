import type { Catalogue } from "../catalogue.js";

/** /faq in Brazilian Portuguese (você), in the catalogue's terms: “sem mudança”, perda pinball, dados reservados. */
export const ptBRFaq: Catalogue["faq"] = {
  title: "Perguntas frequentes",
  list: "Pergunte sobre um destes temas com /faq <tema>:",
  at: "{{value}} em {{horizon}}",
  horizonN: "horizonte {{n}}",
  topics: {
    model: "O modelo",
    data: "Dados e variáveis",
    horizons: "Horizontes e moedas",
    accuracy: "Qual é a precisão?",
    retraining: "Retreino",
    risks: "Riscos e limites",
  },
  data: {
    candles:
      "Os candles de 4 horas do mercado à vista da Binance desde 2017 vêm incluídos no Coincast; depois de cada " +
      "fechamento de 4 horas, os novos candles fechados são baixados da corretora. Os candles diários são os " +
      "seis candles de 4 horas de um dia UTC.",
    gaps: "Lacunas (manutenção da corretora) são preenchidas com o fechamento anterior e marcadas, nunca inventadas como negociações.",
    features:
      "Variáveis: retorno, amplitude entre máxima e mínima, preço em relação às médias de 10, 20 e 50 candles, " +
      "RSI 14, MACD, largura de Bollinger, ATR, volatilidade realizada e volume, além da variância realizada dos " +
      "últimos 1, 7 e 30 dias a partir dos retornos de 4 horas, da volatilidade baseada em amplitude (Parkinson, " +
      "Garman-Klass) e do tamanho das quedas recentes. Cada uma usa só o passado e é escalada só com números " +
      "dos dados de treino.",
    offline:
      "Quando não dá para acessar a corretora, as previsões usam os últimos candles salvos, dizem " +
      "“DESATUALIZADO” e informam de quando são os dados.",
  },
  horizons: {
    list: "Horizontes: {{horizons}}. Um modelo diário responde 1d, 3d e 7d; um modelo de 4 horas, 4h e 12h.",
    counted:
      "Um horizonte é contado em candles fechados: uma previsão de 1d é para o fechamento do dia seguinte ao " +
      "último candle diário fechado (horários em UTC).",
    coins:
      "Moedas atendidas aqui: {{symbols}}; com a corretora on-line, qualquer outro par à vista listado nela " +
      "(baixado no primeiro uso; acima de MAX_SYMBOLS, sai o que está há mais tempo sem uso); off-line, também " +
      "os pares cujo histórico vem incluído como corpus de treino, até o último dia deles. Digite como quiser: " +
      "btc, BTCUSDT, btc/usdt.",
  },
  retraining: {
    when:
      "Os mercados mudam, então um modelo novo (o desafiante) é ajustado toda semana (por padrão, aos domingos " +
      "às 03:00 UTC) ou quando um administrador executa /retrain: do mesmo tipo e com as mesmas configurações " +
      "do modelo em uso (um modelo estatístico se reajusta em segundos, uma rede em minutos), com os candles " +
      "anteriores a uma janela reservada.",
    window:
      "Essa janela são os dados mais recentes (60 dias por padrão), que o modelo em uso (o campeão) nunca viu. " +
      "Os dois modelos preveem cada ponto reservado; o desafiante só entra em uso se a perda de quantis dele " +
      "(perda pinball) não for pior. Com menos de {{minOrigins}} previsões reservadas, nenhuma comparação é " +
      "feita e o campeão continua. O preço dessa regra: um modelo que entra em uso não viu os dias mais " +
      "recentes, porque foi com eles que ele foi julgado.",
    rollback: "As versões anteriores são guardadas, então um administrador pode voltar a uma delas.",
  },
  risks: {
    advice:
      "Não é recomendação de investimento. Cripto pode se mover muito além de qualquer intervalo: por " +
      "construção, 1 em cada 5 resultados fica fora do intervalo de 80%, e quedas bruscas ou notícias não estão " +
      "nos candles passados.",
    inputs:
      "O modelo vê só o histórico de preço e volume de cada moeda: nada de livros de ofertas, notícias ou dados on-chain.",
    median:
      "A mediana dele não supera de forma confiável o “sem mudança” fora da amostra (/faq accuracy tem os " +
      "números): o que ele prevê é o intervalo, não um sinal para operar. Os dados podem estar desatualizados " +
      "quando a corretora está fora do ar: toda previsão diz de quando são os dados.",
  },
  model: {
    plain: "O modelo de {{timeframe}} é {{name}}: {{description}}, ajustado com {{coins}}.",
    coins_one: "{{count}} moeda",
    coins_other: "{{count}} moedas",
    anchored:
      "O modelo de {{timeframe}} é {{name}}: uma {{description}} para {{trainedOn}}; ela lê só entradas sem " +
      "símbolo (retornos, amplitudes, indicadores e volatilidade realizada dos candles recentes). Ele é ancorado " +
      "no HAR-RV: parte da previsão de volatilidade do HAR-RV para a moeda, multiplicada pela dispersão dos " +
      "retornos passados em unidades dessa previsão, e aprende uma correção da escala e da forma deles. " +
      "{{seeds}}; a parcela do desvio em relação ao HAR-RV que é servida foi escolhida em janelas de calibração " +
      "que o treino nunca leu: {{shares}}.",
    trainedOn_one: "a única moeda com que foi treinada",
    trainedOn_other: "todas as {{count}} moedas com que foi treinada",
    seeds_one: "Uma única rede está em uso",
    seeds_other: "É usada a média de {{count}} redes de sementes diferentes",
    unavailable: "O modelo de {{timeframe}}: {{reason}}",
    quantiles:
      "Cada modelo dá cinco quantis do retorno ({{levels}}), não um preço: {{pinned}}os intervalos de 80% e " +
      "95% são o tamanho provável do movimento.",
    pinned: "a mediana é “sem mudança”; ",
    chosen:
      "O que está em uso foi escolhido por uma regra, fora da amostra: o menor CRPS (a pontuação de todo o " +
      "intervalo previsto) a um passo entre os modelos cuja mediana não é pior que o “sem mudança”, contra " +
      "GARCH, EWMA, HAR-RV, as médias deles e as redes; uma rede treinada com muitas moedas é julgada em todas " +
      "elas (/faq accuracy tem os números das moedas atendidas aqui; os cards dos modelos e o README, os de " +
      "cada moeda).",
    behind:
      "Só em {{coins}}, o intervalo do HAR-RV fica à frente do do modelo de {{timeframe}} em {{horizon}} " +
      "({{har}} contra {{model}}): a rede está em uso pela vantagem dela em todas as moedas com que foi " +
      "treinada, que o card do modelo dá com a significância.",
    network: "rede {{architecture}}",
    single:
      "{{member}} (estatístico: mediana sem deriva, previsão de volatilidade × retornos padronizados passados)",
    average: "média de quantis com pesos iguais de {{members}} (estatístico, mediana sem deriva)",
  },
  accuracy: {
    span: " (walk-forward com origens de {{start}} a {{end}}, cada uma reajustada só com o passado)",
    pinned:
      "Com franqueza: ninguém aqui consegue prever a direção. Fora da amostra{{span}}, a mediana é “sem " +
      "mudança”, então o MASE dela é {{mase}} e P(alta) é {{half}}.",
    coinToss:
      "Com franqueza: a direção é quase cara ou coroa. Fora da amostra{{span}}, o MASE das medianas contra o " +
      "“sem mudança” no pior par foi {{mases}}.",
    size: "O que ele consegue prever é o tamanho do movimento:",
    none: "O modelo de {{timeframe}} ({{name}}): nenhuma avaliação fora da amostra registrada.",
    figures:
      "O modelo de {{timeframe}} ({{name}}): o intervalo dele superou o “sem mudança” em {{skills}} (CRPS, " +
      "{{coins}} juntos){{har}}. Resultados dentro do intervalo de 80% dele: {{bands}}.",
    daily:
      "Ali o “sem mudança” mantém a dispersão dos retornos do ano anterior a cada reajuste anual. Contra um " +
      "“sem mudança” cuja dispersão é tomada de novo a cada dia, a vantagem do intervalo é: {{skills}}.",
    reused:
      "Estes não são os números de um teste intocado: a mesma janela foi pontuada para várias receitas da rede " +
      "antes de escolher a que está em uso (README: Global network).",
    har: "; o HAR-RV, o modelo estatístico com que ele é comparado: {{skills}}",
    read: "Então leia a mediana como “sem mudança” e o intervalo como o tamanho do movimento provável.",
    more:
      "Toda previsão mostra o veredito do modelo para aquela moeda e horizonte; /model tem a tabela, e " +
      "/accuracy mostra como as previsões dadas aqui se saíram desde então, contra a mesma régua do “sem mudança”.",
  },
};
