import type { Catalogue } from "../catalogue.js";
import { ptBRFaq } from "../faq/pt-BR.js";
import { ptBRRefusals } from "../refusals/pt-BR.js";

/** Portuguese as written in Brazil (pt-BR; a plain "pt" falls back to it). */
export const ptBR: Catalogue = {
  chat: {
    apology: "Desculpe, algo deu errado (ID do erro {{id}}).",
    lateAnswer:
      "{{user}}, sua resposta demorou mais que os 15 minutos em que o Discord mantém um comando aberto, então ela chega como mensagem.",
    answerComesLate:
      "Ainda estou trabalhando nisso. O Discord mantém um comando aberto por apenas 15 minutos, então a resposta chegará em uma mensagem separada (ou por mensagem direta).",
    slowDown: "Calma aí: tente de novo em {{seconds}} s.",
    unknownCommand: "Comando desconhecido{{echo}}. Experimente /help.",
    chartSaved: "Gráfico: {{path}}",
    chartNotSaved: "(Não foi possível salvar o gráfico em {{path}}.)",
    adminsOnly: "Desculpe, /{{command}} é só para administradores.",
    adminsInGroups:
      "Desculpe, em grupos /{{command}} é só para administradores; numa conversa privada comigo, qualquer pessoa pode usar.",
    didYouMean: "Você quis dizer {{suggestions}}?",
    needsOption: "Falta o parâmetro “{{option}}” em /{{command}}. Uso: {{usage}}",
    tooLong:
      "O parâmetro “{{option}}” está longo demais ({{length}} caracteres; no máximo {{max}}). Uso: {{usage}}",
    notAChoice: "{{what}} não é um valor válido para “{{option}}”. Escolha um destes: {{choices}}.",
    quoted: "“{{text}}”",
    thatOption: "Esse valor",
    noSuchOption: "/{{command}} não tem a opção “{{option}}”. Uso: {{usage}}",
    takesNothing: "/{{command}} não aceita nada depois do nome. Uso: {{usage}}",
    takesWords_one: "/{{command}} aceita no máximo {{count}} palavra. Uso: {{usage}}",
    takesWords_other: "/{{command}} aceita no máximo {{count}} palavras. Uso: {{usage}}",
    notACommand: "Os comandos são assim: /forecast BTC 1d; o /help mostra todos.",
  },
  help: {
    title: "Coincast: previsões de cripto sem enrolação",
    admins: "só administradores",
    adminsInGroups: "administradores em grupos; qualquer pessoa numa conversa privada",
    footer:
      "Moedas: {{symbols}}; com a corretora on-line, qualquer outro par à vista listado nela (baixado no primeiro uso); off-line, também os pares cujo histórico vem incluído, até o último dia deles. " +
      "Horizontes: {{horizons}}. <obrigatório> [opcional]. Não é recomendação de investimento.",
  },
  forecast: {
    title: "Previsão de {{symbol}} para daqui a {{horizon}}",
    lastPrice: "Último preço",
    lastDailyClose: "Último fechamento diário",
    latestPrice: "Preço mais recente",
    latestValue: "{{price}} ({{time}} UTC, candles de 4h); o modelo diário prevê com fechamentos diários.",
    at: "{{price}} ({{time}} UTC)",
    median: "Mediana",
    medianValue: "{{price}} ({{change}}) até {{time}} UTC",
    interval80: "Intervalo de 80%",
    range: "{{low}} a {{high}}",
    pUp: "P(alta)",
    volatility: "Volatilidade esperada",
    dataAsOf: "Dados de {{time}} UTC ({{source}}).",
    live: "ao vivo da corretora",
    shipped: "histórico incluído no bot",
    stale:
      "DESATUALIZADO: o candle mais recente fechou em {{time}} UTC; ainda não deu para baixar os mais novos, então estamos usando os últimos salvos.",
    targetPassed:
      "O horário-alvo desta previsão, {{time}} UTC, já tinha passado quando ela foi feita: o resultado já é conhecido, então ela não entra no histórico.",
    model: "Modelo {{version}}.",
    notAdvice:
      "Não é recomendação de investimento: uma previsão é uma faixa de resultados possíveis, não uma promessa.",
    fetching: "Baixando o histórico de {{symbol}} da corretora (primeira consulta por aqui)…",
  },
  track: {
    none_one: "{{label}}: ainda não há previsões avaliadas ({{pending}} aguardando o candle-alvo fechar).",
    none_other: "{{label}}: ainda não há previsões avaliadas ({{pending}} aguardando o candle-alvo fechar).",
    scored_one: "{{label}}: {{scored}} previsão avaliada desde {{since}}, {{pending}}.",
    scored_other: "{{label}}: {{scored}} previsões avaliadas desde {{since}}, {{pending}}.",
    pending_one: "{{pending}} pendente",
    pending_other: "{{pending}} pendentes",
    errors:
      "Erro mediano {{mae}} contra {{naive}} do “sem mudança”: {{verdict}}; {{direction}}; " +
      "dentro do intervalo de 80% {{in80}}, do de 95% {{in95}}.",
    direction: "direção certa {{hits}}",
    directionSome_one:
      "direção certa {{hits}} das indicadas ({{none}} previsão não indicou nenhuma: sua mediana era “sem mudança”)",
    directionSome_other:
      "direção certa {{hits}} das indicadas ({{none}} previsões não indicaram nenhuma: a mediana era “sem mudança”)",
    directionNone: "direção n/d (nenhuma previsão indicou uma: toda mediana era “sem mudança”)",
    beats: "supera o “sem mudança” em {{skill}}",
    doesNotBeat: "não supera o “sem mudança” (habilidade {{skill}})",
    label: "Histórico {{symbol}} {{horizon}}",
  },
  chart: {
    title: "{{symbol}} · previsão para {{horizon}}",
    asOf: "em {{time}} UTC",
    asOfDaily: "fechamento diário {{time}} UTC",
    latest: "mais recente {{price}} ({{time}} UTC, 4h)",
    subtitle: "candles de {{timeframe}}, {{source}}",
    live: "dados ao vivo",
    shipped: "dados incluídos",
    median: "mediana {{price}} ({{change}})",
    band: "{{level}} {{low}} – {{high}}",
    pUp: "P(alta) {{share}}",
    footer: "modelo {{version}} · não é recomendação de investimento",
    stale: "DADOS DESATUALIZADOS",
    thousands: " mil",
    millions: " mi",
  },
  faq: ptBRFaq,
  attachment: {
    alt: "{{symbol}}: fechamentos recentes e a previsão para {{horizon}}: mediana e intervalos de 80% e 95%",
    failed: "(Desta vez não foi possível desenhar o gráfico.)",
  },
  accuracy: {
    title: "Histórico",
    label: "{{symbol}} {{horizon}}",
    allSymbols: "Todas as moedas",
    allHorizons: "todos os horizontes",
    notAvailable: "n/d",
    mixed:
      "Aqui se misturam erros de várias moedas, então a mais cara domina: indique uma moeda para ter um número justo.",
    footer:
      "Cada previsão servida é avaliada quando fecha o seu candle-alvo. Uma habilidade acima de 0% supera o “sem mudança”.",
  },
  retrain: {
    startingOne: "Retreinando o modelo de {{timeframe}}; isso leva alguns minutos.",
    startingAll: "Retreinando os modelos de {{timeframes}}; isso leva alguns minutos.",
    progress: "Retreino: {{status}}.",
    status: "{{phase}} o modelo de {{timeframe}}, {{percent}} concluído{{epoch}}",
    epoch: " (época {{epoch}}/{{epochs}}, perda {{loss}}{{val}}, faltam {{eta}})",
    val: ", validação {{val}}",
    starting: "preparando",
    training: "treinando",
    scoring: "avaliando",
    promoted_one: "Retreino concluído: {{count}} modelo novo em uso",
    promoted_other: "Retreino concluído: {{count}} modelos novos em uso",
    kept: "Retreino concluído: os modelos em uso continuam",
    footer:
      "Um desafiante substitui o modelo em uso só se a sua perda pinball nos dados reservados mais recentes não for pior.",
    failed: "{{timeframe}}: o retreino falhou, {{champion}} continua em uso ({{reason}})",
    promote: "{{timeframe}}: {{id}} entra em uso: {{reason}}{{numbers}}",
    keep: "{{timeframe}}: {{id}} continua: {{reason}}{{numbers}}",
    shippedModel: "o modelo incluído",
    numbers:
      " [perda pinball {{pinball}} contra {{championPinball}}; MAE da mediana {{mae}} contra {{championMae}}, " +
      "persistência {{naive}}; {{origins}} previsões reservadas desde {{start}}]",
  },
  fleet: {
    queues:
      "Fila de previsões: {{forecastWaiting}} aguardando, {{forecastActive}} em execução. " +
      "Fila de treino: {{trainingWaiting}} aguardando, {{trainingActive}} em execução.",
    noWorker:
      "Nenhum worker de previsões está rodando (nenhum visto no último minuto): o `coincast worker` inicia um.",
    workersSeen: "Workers vistos no último minuto: {{count}}.",
    worker:
      "  {{id}}: {{backend}}, {{concurrency}} por vez, {{jobs}} jobs concluídos, visto pela última vez há {{ago}} s",
    splitStores:
      "As réplicas do bot gravam em {{count}} armazenamentos de assinaturas diferentes (um DATA_DIR cada, sem " +
      "DATABASE_URL): /subscribe, /unsubscribe e /alert só chegam à réplica que os recebeu, e o /accuracy " +
      "difere entre réplicas. Defina DATABASE_URL (a mesma em todos os bots) ou dê a todos os bots um DATA_DIR " +
      "compartilhado.",
  },
  channel: {
    refusedPosts: "o canal recusou as publicações",
    refusedPostsSaying: "o canal recusou as publicações: “{{reason}}”",
    ownReasons: { "not-sendable": "o bot não pode enviar mensagens neste canal" },
    pausedSince: "pausado desde {{time}} UTC: {{reason}}",
  },
  subscriptions: {
    describe: "{{symbols}} para {{horizon}}, todo dia às {{time}} ({{timeZone}})",
    nextPost: "próxima publicação {{time}} ({{timeZone}})",
    line: "{{subscription}}; {{state}}.",
    lineOf: "{{channel}}: {{subscription}}; {{state}}.",
    subscribed: "Assinatura feita: uma previsão aqui todo dia",
    replaces: "Isto substitui qualquer assinatura anterior deste canal. /unsubscribe a encerra.",
    unsubscribed: "Assinatura cancelada: não haverá mais publicações diárias aqui.",
    nothingToStop: "Nada a encerrar: este canal não tem publicação diária. /subscribe cria uma.",
    noneAnywhere: "Nenhum canal tem publicação diária.",
    noneHere: "Este canal não tem publicação diária. /subscribe cria uma.",
    titleAll_one: "Publicações diárias: {{count}} canal",
    titleAll_other: "Publicações diárias: {{count}} canais",
    titleHere: "Publicação diária deste canal",
  },
  post: {
    title: "Previsão diária para {{horizon}} ({{day}})",
    summary: "{{symbol}}: mediana {{median}} ({{change}}), 80% de {{low}} a {{high}}, P(alta) {{pUp}}",
    latest:
      "{{symbol}}: último fechamento diário {{close}} ({{time}} UTC), preço mais recente {{price}} ({{latestTime}} UTC, candles de 4h).",
    scoredInside:
      "ontem: {{symbol}} {{horizon}}, mediana {{median}}, real {{actual}}, dentro do intervalo de 80%",
    scoredOutside:
      "ontem: {{symbol}} {{horizon}}, mediana {{median}}, real {{actual}}, fora do intervalo de 80%",
    noneScored: "ontem: nenhuma previsão destas moedas venceu e foi avaliada.",
    noForecast: "{{symbol}}: sem previsão desta vez.",
    noForecastWhy: "{{symbol}}: sem previsão desta vez ({{why}}).",
    stale: "{{symbol}}: {{notice}}",
    footer: "Modelo {{version}}. {{notAdvice}} /unsubscribe encerra estas publicações.",
  },
  alert: {
    describe: "{{symbol}}: {{rule}}",
    priceAbove: "preço acima de {{level}}",
    priceBelow: "preço abaixo de {{level}}",
    pupAbove: "P(alta) acima de {{share}}",
    pupBelow: "P(alta) abaixo de {{share}}",
    band: "fechamento fora do intervalo de 80%",
    volatility: "regime da volatilidade prevista (acima do seu percentil 90, ou de volta abaixo do 80)",
    rearmPriceAbove: "quando um fechamento de 4h voltar a {{level}} ou menos",
    rearmPriceBelow: "quando um fechamento de 4h voltar a {{level}} ou mais",
    rearmPupAbove: "quando P(alta) voltar a {{share}} ou menos",
    rearmPupBelow: "quando P(alta) voltar a {{share}} ou mais",
    rearmBand:
      "quando um fechamento voltar a ficar bem dentro do seu intervalo (a um décimo da largura das bordas)",
    rearmVolatility: "quando a volatilidade prevista voltar abaixo do seu percentil 80 (isso também avisa)",
    lastFired: "; último aviso {{time}} UTC",
    regimeNormal: "regime normal, avisa quando passar a alto",
    regimeHigh: "regime alto, avisa quando voltar ao normal",
    armed: "ativo",
    waiting: "aguardando reativação {{rearm}}",
    removed: "Alerta nº {{id}} removido.",
    working: "Calculando a volatilidade prevista do último ano (alguns segundos, na primeira vez)…",
    lastClose: "Último fechamento de 4h: {{price}} ({{time}} UTC).",
    pUpNow: "P(alta) para as próximas 4h: {{share}}.",
    bandNow: "O intervalo de 80% para o próximo fechamento: de {{low}} a {{high}}.",
    volatilityNow:
      "Volatilidade prevista de {{value}} a cada 4h; no último ano ({{days}} dias) o seu percentil 80 é {{p80}} e o 90, {{p90}}.",
    now: "Agora: {{state}}.",
    firesOnce: "Avisa uma vez no próximo cruzamento e depois só após ser reativado {{rearm}}.",
    holdsAlready: "A condição já vale: avisa no próximo cruzamento, após ser reativado {{rearm}}.",
    set: "Alerta nº {{id}} criado: {{alert}}",
    setFooter:
      "Verificado após cada fechamento de 4h. /alerts lista os alertas; /alert remove {{id}} remove este. {{notAdvice}}",
    none: "Este canal não tem alertas. /alert price BTC above 100000 cria um; /help explica os tipos.",
    listTitle: "Alertas aqui: {{count}} de no máximo {{limit}}",
    listLine: "nº {{id}} {{alert}}: {{state}}.",
    listFooter: "Verificados após cada fechamento de 4h. /alert remove ID remove um.",
    postTitle: "Alerta nº {{id}}: {{alert}}",
    next4h: "Próximas 4h: {{summary}}.",
    postFooter: "Modelo {{version}}. /alert remove {{id}} encerra este alerta. {{notAdvice}}",
    firedPriceAbove: "{{symbol}} fechou acima de {{level}}: {{close}} no fechamento de 4h.",
    firedPriceBelow: "{{symbol}} fechou abaixo de {{level}}: {{close}} no fechamento de 4h.",
    firedPupAbove: "A P(alta) de {{symbol}} para as próximas 4h passou de {{level}}: {{share}}.",
    firedPupBelow: "A P(alta) de {{symbol}} para as próximas 4h caiu abaixo de {{level}}: {{share}}.",
    firedBandAbove:
      "{{symbol}} fechou acima do intervalo de 80% previsto para esse fechamento: {{close}}, contra {{low}} a {{high}}.",
    firedBandBelow:
      "{{symbol}} fechou abaixo do intervalo de 80% previsto para esse fechamento: {{close}}, contra {{low}} a {{high}}.",
    firedVolatilityHigh:
      "A volatilidade prevista de {{symbol}} está alta: {{value}} a cada 4h, acima do seu percentil 90 do último ano ({{p90}}, {{days}} dias).",
    firedVolatilityNormal:
      "A volatilidade prevista de {{symbol}} voltou ao normal: {{value}} a cada 4h, abaixo do seu percentil 80 do último ano ({{p80}}).",
  },
  commands: {
    forecast: {
      name: "previsao",
      description:
        "Onde uma moeda pode estar num horizonte: mediana, intervalo de 80%, P(alta) e histórico do modelo",
      options: { symbol: "Uma moeda, ex.: BTC ou ETH/USDT", horizon: "Para quando (padrão 1d)" },
    },
    accuracy: {
      name: "precisao",
      description: "Como as previsões dadas aqui se saíram contra o “sem mudança”",
      options: { symbol: "Uma moeda, ex.: BTC (padrão: todas)", horizon: "ex.: 1d (padrão: todos)" },
    },
    model: {
      name: "modelo",
      description:
        "Modelos em uso: modelo, treinado até, habilidade do intervalo e faixa de 80% fora da amostra",
      options: {},
    },
    faq: {
      name: "perguntas",
      description: "Respostas diretas: como o modelo funciona, dados, horizontes, precisão, retreino, riscos",
      options: { topic: "Sobre o quê (padrão: a lista de temas)" },
    },
    help: { name: "ajuda", description: "O que o Coincast sabe fazer e como pedir", options: {} },
    retrain: {
      name: "retreinar",
      description: "Treina um desafiante com os dados mais recentes; ele só entra se não for pior",
      options: { timeframe: "Qual modelo (padrão: os dois)" },
    },
    subscribe: {
      name: "assinar",
      description: "Posta aqui uma previsão todo dia num horário local; substitui a assinatura deste canal",
      options: {
        symbols: "Moedas separadas por vírgula, ex.: btc,eth (padrão “all”)",
        horizon: "Para quando (padrão 1d)",
        time: "Horário local, formato 24 h HH:MM (padrão 08:00)",
        timezone: "Fuso horário IANA, ex.: America/Sao_Paulo (padrão UTC)",
      },
    },
    unsubscribe: {
      name: "cancelar_assinatura",
      description: "Para de postar a previsão diária neste canal",
      options: {},
    },
    subscriptions: {
      name: "assinaturas",
      description: "A previsão diária deste canal; para um administrador em conversa privada, as de todos",
      options: {},
    },
    alert: {
      name: "alerta",
      description:
        "Avisa aqui quando uma moeda cruza um preço, sai da faixa de 80%, fica volátil ou a P(alta) vira",
      options: {
        kind: "price, band, volatility ou pup; remove apaga um",
        symbol: "Uma moeda, ex.: BTC (no remove: o ID do alerta)",
        direction: "Para price e pup: above (acima) ou below (abaixo)",
        level: "price: um preço, ex.: 100000; pup: uma probabilidade, ex.: 0,6",
      },
    },
    alerts: { name: "alertas", description: "Os alertas deste canal, com IDs e situação", options: {} },
  },
  errors: ptBRRefusals,
  retrainReasons: {
    failed: "o treino falhou (veja o log)",
    "window-too-short":
      "uma janela reservada de {{holdoutDays}} dias comporta no máximo {{capacity}} previsões com resultado conhecido: aumente-a ({{have}} das {{needed}} previsões reservadas necessárias)",
    "too-few-origins":
      "só {{have}} das {{needed}} previsões reservadas necessárias (lacunas ou séries de tamanhos diferentes)",
    "needs-days_one":
      "o modelo em uso foi treinado até {{trainedUntil}}: para uma comparação justa falta {{count}} dia de dados novos ({{have}} das {{needed}} previsões reservadas necessárias)",
    "needs-days_other":
      "o modelo em uso foi treinado até {{trainedUntil}}: para uma comparação justa faltam {{count}} dias de dados novos ({{have}} das {{needed}} previsões reservadas necessárias)",
    "not-worse": "não é pior",
    worse: "é pior",
    narrower:
      "o modelo em uso foi treinado com {{trainedOn}} moedas e aqui só há o histórico de {{here}}: um desafiante treinado com menos não seria o mesmo modelo; retreine-o com `coincast train --global` (README, Global network)",
    "champion-changed":
      "o modelo em uso mudou enquanto este desafiante era avaliado (agora em uso: {{serving}}): ele não foi comparado com esse, então não entra em uso",
    identical: "as mesmas previsões, o modelo em uso continua",
  },
};
