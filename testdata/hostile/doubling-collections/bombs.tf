# 64 locals that each double a list or an object: 2^64 elements asked for.

locals {
  concatenated0 = ["a"]
  concatenated1 = concat(local.concatenated0, local.concatenated0)
  concatenated2 = concat(local.concatenated1, local.concatenated1)
  concatenated3 = concat(local.concatenated2, local.concatenated2)
  concatenated4 = concat(local.concatenated3, local.concatenated3)
  concatenated5 = concat(local.concatenated4, local.concatenated4)
  concatenated6 = concat(local.concatenated5, local.concatenated5)
  concatenated7 = concat(local.concatenated6, local.concatenated6)
  concatenated8 = concat(local.concatenated7, local.concatenated7)
  concatenated9 = concat(local.concatenated8, local.concatenated8)
  concatenated10 = concat(local.concatenated9, local.concatenated9)
  concatenated11 = concat(local.concatenated10, local.concatenated10)
  concatenated12 = concat(local.concatenated11, local.concatenated11)
  concatenated13 = concat(local.concatenated12, local.concatenated12)
  concatenated14 = concat(local.concatenated13, local.concatenated13)
  concatenated15 = concat(local.concatenated14, local.concatenated14)
  concatenated16 = concat(local.concatenated15, local.concatenated15)
  concatenated17 = concat(local.concatenated16, local.concatenated16)
  concatenated18 = concat(local.concatenated17, local.concatenated17)
  concatenated19 = concat(local.concatenated18, local.concatenated18)
  concatenated20 = concat(local.concatenated19, local.concatenated19)
  concatenated21 = concat(local.concatenated20, local.concatenated20)
  concatenated22 = concat(local.concatenated21, local.concatenated21)
  concatenated23 = concat(local.concatenated22, local.concatenated22)
  concatenated24 = concat(local.concatenated23, local.concatenated23)
  concatenated25 = concat(local.concatenated24, local.concatenated24)
  concatenated26 = concat(local.concatenated25, local.concatenated25)
  concatenated27 = concat(local.concatenated26, local.concatenated26)
  concatenated28 = concat(local.concatenated27, local.concatenated27)
  concatenated29 = concat(local.concatenated28, local.concatenated28)
  concatenated30 = concat(local.concatenated29, local.concatenated29)
  concatenated31 = concat(local.concatenated30, local.concatenated30)
  concatenated32 = concat(local.concatenated31, local.concatenated31)
  concatenated33 = concat(local.concatenated32, local.concatenated32)
  concatenated34 = concat(local.concatenated33, local.concatenated33)
  concatenated35 = concat(local.concatenated34, local.concatenated34)
  concatenated36 = concat(local.concatenated35, local.concatenated35)
  concatenated37 = concat(local.concatenated36, local.concatenated36)
  concatenated38 = concat(local.concatenated37, local.concatenated37)
  concatenated39 = concat(local.concatenated38, local.concatenated38)
  concatenated40 = concat(local.concatenated39, local.concatenated39)
  concatenated41 = concat(local.concatenated40, local.concatenated40)
  concatenated42 = concat(local.concatenated41, local.concatenated41)
  concatenated43 = concat(local.concatenated42, local.concatenated42)
  concatenated44 = concat(local.concatenated43, local.concatenated43)
  concatenated45 = concat(local.concatenated44, local.concatenated44)
  concatenated46 = concat(local.concatenated45, local.concatenated45)
  concatenated47 = concat(local.concatenated46, local.concatenated46)
  concatenated48 = concat(local.concatenated47, local.concatenated47)
  concatenated49 = concat(local.concatenated48, local.concatenated48)
  concatenated50 = concat(local.concatenated49, local.concatenated49)
  concatenated51 = concat(local.concatenated50, local.concatenated50)
  concatenated52 = concat(local.concatenated51, local.concatenated51)
  concatenated53 = concat(local.concatenated52, local.concatenated52)
  concatenated54 = concat(local.concatenated53, local.concatenated53)
  concatenated55 = concat(local.concatenated54, local.concatenated54)
  concatenated56 = concat(local.concatenated55, local.concatenated55)
  concatenated57 = concat(local.concatenated56, local.concatenated56)
  concatenated58 = concat(local.concatenated57, local.concatenated57)
  concatenated59 = concat(local.concatenated58, local.concatenated58)
  concatenated60 = concat(local.concatenated59, local.concatenated59)
  concatenated61 = concat(local.concatenated60, local.concatenated60)
  concatenated62 = concat(local.concatenated61, local.concatenated61)
  concatenated63 = concat(local.concatenated62, local.concatenated62)
}

resource "aws_ecs_cluster" "concatenated" {
  name = local.concatenated63
}

locals {
  flattened0 = ["a"]
  flattened1 = flatten([local.flattened0, local.flattened0])
  flattened2 = flatten([local.flattened1, local.flattened1])
  flattened3 = flatten([local.flattened2, local.flattened2])
  flattened4 = flatten([local.flattened3, local.flattened3])
  flattened5 = flatten([local.flattened4, local.flattened4])
  flattened6 = flatten([local.flattened5, local.flattened5])
  flattened7 = flatten([local.flattened6, local.flattened6])
  flattened8 = flatten([local.flattened7, local.flattened7])
  flattened9 = flatten([local.flattened8, local.flattened8])
  flattened10 = flatten([local.flattened9, local.flattened9])
  flattened11 = flatten([local.flattened10, local.flattened10])
  flattened12 = flatten([local.flattened11, local.flattened11])
  flattened13 = flatten([local.flattened12, local.flattened12])
  flattened14 = flatten([local.flattened13, local.flattened13])
  flattened15 = flatten([local.flattened14, local.flattened14])
  flattened16 = flatten([local.flattened15, local.flattened15])
  flattened17 = flatten([local.flattened16, local.flattened16])
  flattened18 = flatten([local.flattened17, local.flattened17])
  flattened19 = flatten([local.flattened18, local.flattened18])
  flattened20 = flatten([local.flattened19, local.flattened19])
  flattened21 = flatten([local.flattened20, local.flattened20])
  flattened22 = flatten([local.flattened21, local.flattened21])
  flattened23 = flatten([local.flattened22, local.flattened22])
  flattened24 = flatten([local.flattened23, local.flattened23])
  flattened25 = flatten([local.flattened24, local.flattened24])
  flattened26 = flatten([local.flattened25, local.flattened25])
  flattened27 = flatten([local.flattened26, local.flattened26])
  flattened28 = flatten([local.flattened27, local.flattened27])
  flattened29 = flatten([local.flattened28, local.flattened28])
  flattened30 = flatten([local.flattened29, local.flattened29])
  flattened31 = flatten([local.flattened30, local.flattened30])
  flattened32 = flatten([local.flattened31, local.flattened31])
  flattened33 = flatten([local.flattened32, local.flattened32])
  flattened34 = flatten([local.flattened33, local.flattened33])
  flattened35 = flatten([local.flattened34, local.flattened34])
  flattened36 = flatten([local.flattened35, local.flattened35])
  flattened37 = flatten([local.flattened36, local.flattened36])
  flattened38 = flatten([local.flattened37, local.flattened37])
  flattened39 = flatten([local.flattened38, local.flattened38])
  flattened40 = flatten([local.flattened39, local.flattened39])
  flattened41 = flatten([local.flattened40, local.flattened40])
  flattened42 = flatten([local.flattened41, local.flattened41])
  flattened43 = flatten([local.flattened42, local.flattened42])
  flattened44 = flatten([local.flattened43, local.flattened43])
  flattened45 = flatten([local.flattened44, local.flattened44])
  flattened46 = flatten([local.flattened45, local.flattened45])
  flattened47 = flatten([local.flattened46, local.flattened46])
  flattened48 = flatten([local.flattened47, local.flattened47])
  flattened49 = flatten([local.flattened48, local.flattened48])
  flattened50 = flatten([local.flattened49, local.flattened49])
  flattened51 = flatten([local.flattened50, local.flattened50])
  flattened52 = flatten([local.flattened51, local.flattened51])
  flattened53 = flatten([local.flattened52, local.flattened52])
  flattened54 = flatten([local.flattened53, local.flattened53])
  flattened55 = flatten([local.flattened54, local.flattened54])
  flattened56 = flatten([local.flattened55, local.flattened55])
  flattened57 = flatten([local.flattened56, local.flattened56])
  flattened58 = flatten([local.flattened57, local.flattened57])
  flattened59 = flatten([local.flattened58, local.flattened58])
  flattened60 = flatten([local.flattened59, local.flattened59])
  flattened61 = flatten([local.flattened60, local.flattened60])
  flattened62 = flatten([local.flattened61, local.flattened61])
  flattened63 = flatten([local.flattened62, local.flattened62])
}

resource "aws_ecs_cluster" "flattened" {
  name = local.flattened63
}

locals {
  merged0 = {a = "x"}
  merged1 = merge({a = local.merged0}, {b = local.merged0})
  merged2 = merge({a = local.merged1}, {b = local.merged1})
  merged3 = merge({a = local.merged2}, {b = local.merged2})
  merged4 = merge({a = local.merged3}, {b = local.merged3})
  merged5 = merge({a = local.merged4}, {b = local.merged4})
  merged6 = merge({a = local.merged5}, {b = local.merged5})
  merged7 = merge({a = local.merged6}, {b = local.merged6})
  merged8 = merge({a = local.merged7}, {b = local.merged7})
  merged9 = merge({a = local.merged8}, {b = local.merged8})
  merged10 = merge({a = local.merged9}, {b = local.merged9})
  merged11 = merge({a = local.merged10}, {b = local.merged10})
  merged12 = merge({a = local.merged11}, {b = local.merged11})
  merged13 = merge({a = local.merged12}, {b = local.merged12})
  merged14 = merge({a = local.merged13}, {b = local.merged13})
  merged15 = merge({a = local.merged14}, {b = local.merged14})
  merged16 = merge({a = local.merged15}, {b = local.merged15})
  merged17 = merge({a = local.merged16}, {b = local.merged16})
  merged18 = merge({a = local.merged17}, {b = local.merged17})
  merged19 = merge({a = local.merged18}, {b = local.merged18})
  merged20 = merge({a = local.merged19}, {b = local.merged19})
  merged21 = merge({a = local.merged20}, {b = local.merged20})
  merged22 = merge({a = local.merged21}, {b = local.merged21})
  merged23 = merge({a = local.merged22}, {b = local.merged22})
  merged24 = merge({a = local.merged23}, {b = local.merged23})
  merged25 = merge({a = local.merged24}, {b = local.merged24})
  merged26 = merge({a = local.merged25}, {b = local.merged25})
  merged27 = merge({a = local.merged26}, {b = local.merged26})
  merged28 = merge({a = local.merged27}, {b = local.merged27})
  merged29 = merge({a = local.merged28}, {b = local.merged28})
  merged30 = merge({a = local.merged29}, {b = local.merged29})
  merged31 = merge({a = local.merged30}, {b = local.merged30})
  merged32 = merge({a = local.merged31}, {b = local.merged31})
  merged33 = merge({a = local.merged32}, {b = local.merged32})
  merged34 = merge({a = local.merged33}, {b = local.merged33})
  merged35 = merge({a = local.merged34}, {b = local.merged34})
  merged36 = merge({a = local.merged35}, {b = local.merged35})
  merged37 = merge({a = local.merged36}, {b = local.merged36})
  merged38 = merge({a = local.merged37}, {b = local.merged37})
  merged39 = merge({a = local.merged38}, {b = local.merged38})
  merged40 = merge({a = local.merged39}, {b = local.merged39})
  merged41 = merge({a = local.merged40}, {b = local.merged40})
  merged42 = merge({a = local.merged41}, {b = local.merged41})
  merged43 = merge({a = local.merged42}, {b = local.merged42})
  merged44 = merge({a = local.merged43}, {b = local.merged43})
  merged45 = merge({a = local.merged44}, {b = local.merged44})
  merged46 = merge({a = local.merged45}, {b = local.merged45})
  merged47 = merge({a = local.merged46}, {b = local.merged46})
  merged48 = merge({a = local.merged47}, {b = local.merged47})
  merged49 = merge({a = local.merged48}, {b = local.merged48})
  merged50 = merge({a = local.merged49}, {b = local.merged49})
  merged51 = merge({a = local.merged50}, {b = local.merged50})
  merged52 = merge({a = local.merged51}, {b = local.merged51})
  merged53 = merge({a = local.merged52}, {b = local.merged52})
  merged54 = merge({a = local.merged53}, {b = local.merged53})
  merged55 = merge({a = local.merged54}, {b = local.merged54})
  merged56 = merge({a = local.merged55}, {b = local.merged55})
  merged57 = merge({a = local.merged56}, {b = local.merged56})
  merged58 = merge({a = local.merged57}, {b = local.merged57})
  merged59 = merge({a = local.merged58}, {b = local.merged58})
  merged60 = merge({a = local.merged59}, {b = local.merged59})
  merged61 = merge({a = local.merged60}, {b = local.merged60})
  merged62 = merge({a = local.merged61}, {b = local.merged61})
  merged63 = merge({a = local.merged62}, {b = local.merged62})
}

resource "aws_ecs_cluster" "merged" {
  name = local.merged63
}

locals {
  object0 = "ab"
  object1 = {a = local.object0, b = local.object0}
  object2 = {a = local.object1, b = local.object1}
  object3 = {a = local.object2, b = local.object2}
  object4 = {a = local.object3, b = local.object3}
  object5 = {a = local.object4, b = local.object4}
  object6 = {a = local.object5, b = local.object5}
  object7 = {a = local.object6, b = local.object6}
  object8 = {a = local.object7, b = local.object7}
  object9 = {a = local.object8, b = local.object8}
  object10 = {a = local.object9, b = local.object9}
  object11 = {a = local.object10, b = local.object10}
  object12 = {a = local.object11, b = local.object11}
  object13 = {a = local.object12, b = local.object12}
  object14 = {a = local.object13, b = local.object13}
  object15 = {a = local.object14, b = local.object14}
  object16 = {a = local.object15, b = local.object15}
  object17 = {a = local.object16, b = local.object16}
  object18 = {a = local.object17, b = local.object17}
  object19 = {a = local.object18, b = local.object18}
  object20 = {a = local.object19, b = local.object19}
  object21 = {a = local.object20, b = local.object20}
  object22 = {a = local.object21, b = local.object21}
  object23 = {a = local.object22, b = local.object22}
  object24 = {a = local.object23, b = local.object23}
  object25 = {a = local.object24, b = local.object24}
  object26 = {a = local.object25, b = local.object25}
  object27 = {a = local.object26, b = local.object26}
  object28 = {a = local.object27, b = local.object27}
  object29 = {a = local.object28, b = local.object28}
  object30 = {a = local.object29, b = local.object29}
  object31 = {a = local.object30, b = local.object30}
  object32 = {a = local.object31, b = local.object31}
  object33 = {a = local.object32, b = local.object32}
  object34 = {a = local.object33, b = local.object33}
  object35 = {a = local.object34, b = local.object34}
  object36 = {a = local.object35, b = local.object35}
  object37 = {a = local.object36, b = local.object36}
  object38 = {a = local.object37, b = local.object37}
  object39 = {a = local.object38, b = local.object38}
  object40 = {a = local.object39, b = local.object39}
  object41 = {a = local.object40, b = local.object40}
  object42 = {a = local.object41, b = local.object41}
  object43 = {a = local.object42, b = local.object42}
  object44 = {a = local.object43, b = local.object43}
  object45 = {a = local.object44, b = local.object44}
  object46 = {a = local.object45, b = local.object45}
  object47 = {a = local.object46, b = local.object46}
  object48 = {a = local.object47, b = local.object47}
  object49 = {a = local.object48, b = local.object48}
  object50 = {a = local.object49, b = local.object49}
  object51 = {a = local.object50, b = local.object50}
  object52 = {a = local.object51, b = local.object51}
  object53 = {a = local.object52, b = local.object52}
  object54 = {a = local.object53, b = local.object53}
  object55 = {a = local.object54, b = local.object54}
  object56 = {a = local.object55, b = local.object55}
  object57 = {a = local.object56, b = local.object56}
  object58 = {a = local.object57, b = local.object57}
  object59 = {a = local.object58, b = local.object58}
  object60 = {a = local.object59, b = local.object59}
  object61 = {a = local.object60, b = local.object60}
  object62 = {a = local.object61, b = local.object61}
  object63 = {a = local.object62, b = local.object62}
}

resource "aws_ecs_cluster" "object" {
  name = local.object63
}

locals {
  list0 = "ab"
  list1 = [local.list0, local.list0]
  list2 = [local.list1, local.list1]
  list3 = [local.list2, local.list2]
  list4 = [local.list3, local.list3]
  list5 = [local.list4, local.list4]
  list6 = [local.list5, local.list5]
  list7 = [local.list6, local.list6]
  list8 = [local.list7, local.list7]
  list9 = [local.list8, local.list8]
  list10 = [local.list9, local.list9]
  list11 = [local.list10, local.list10]
  list12 = [local.list11, local.list11]
  list13 = [local.list12, local.list12]
  list14 = [local.list13, local.list13]
  list15 = [local.list14, local.list14]
  list16 = [local.list15, local.list15]
  list17 = [local.list16, local.list16]
  list18 = [local.list17, local.list17]
  list19 = [local.list18, local.list18]
  list20 = [local.list19, local.list19]
  list21 = [local.list20, local.list20]
  list22 = [local.list21, local.list21]
  list23 = [local.list22, local.list22]
  list24 = [local.list23, local.list23]
  list25 = [local.list24, local.list24]
  list26 = [local.list25, local.list25]
  list27 = [local.list26, local.list26]
  list28 = [local.list27, local.list27]
  list29 = [local.list28, local.list28]
  list30 = [local.list29, local.list29]
  list31 = [local.list30, local.list30]
  list32 = [local.list31, local.list31]
  list33 = [local.list32, local.list32]
  list34 = [local.list33, local.list33]
  list35 = [local.list34, local.list34]
  list36 = [local.list35, local.list35]
  list37 = [local.list36, local.list36]
  list38 = [local.list37, local.list37]
  list39 = [local.list38, local.list38]
  list40 = [local.list39, local.list39]
  list41 = [local.list40, local.list40]
  list42 = [local.list41, local.list41]
  list43 = [local.list42, local.list42]
  list44 = [local.list43, local.list43]
  list45 = [local.list44, local.list44]
  list46 = [local.list45, local.list45]
  list47 = [local.list46, local.list46]
  list48 = [local.list47, local.list47]
  list49 = [local.list48, local.list48]
  list50 = [local.list49, local.list49]
  list51 = [local.list50, local.list50]
  list52 = [local.list51, local.list51]
  list53 = [local.list52, local.list52]
  list54 = [local.list53, local.list53]
  list55 = [local.list54, local.list54]
  list56 = [local.list55, local.list55]
  list57 = [local.list56, local.list56]
  list58 = [local.list57, local.list57]
  list59 = [local.list58, local.list58]
  list60 = [local.list59, local.list59]
  list61 = [local.list60, local.list60]
  list62 = [local.list61, local.list61]
  list63 = [local.list62, local.list62]
}

resource "aws_ecs_cluster" "list" {
  name = local.list63
}

locals {
  iterated0 = ["a", "b"]
  iterated1 = [for x in concat(local.iterated0, local.iterated0) : x]
  iterated2 = [for x in concat(local.iterated1, local.iterated1) : x]
  iterated3 = [for x in concat(local.iterated2, local.iterated2) : x]
  iterated4 = [for x in concat(local.iterated3, local.iterated3) : x]
  iterated5 = [for x in concat(local.iterated4, local.iterated4) : x]
  iterated6 = [for x in concat(local.iterated5, local.iterated5) : x]
  iterated7 = [for x in concat(local.iterated6, local.iterated6) : x]
  iterated8 = [for x in concat(local.iterated7, local.iterated7) : x]
  iterated9 = [for x in concat(local.iterated8, local.iterated8) : x]
  iterated10 = [for x in concat(local.iterated9, local.iterated9) : x]
  iterated11 = [for x in concat(local.iterated10, local.iterated10) : x]
  iterated12 = [for x in concat(local.iterated11, local.iterated11) : x]
  iterated13 = [for x in concat(local.iterated12, local.iterated12) : x]
  iterated14 = [for x in concat(local.iterated13, local.iterated13) : x]
  iterated15 = [for x in concat(local.iterated14, local.iterated14) : x]
  iterated16 = [for x in concat(local.iterated15, local.iterated15) : x]
  iterated17 = [for x in concat(local.iterated16, local.iterated16) : x]
  iterated18 = [for x in concat(local.iterated17, local.iterated17) : x]
  iterated19 = [for x in concat(local.iterated18, local.iterated18) : x]
  iterated20 = [for x in concat(local.iterated19, local.iterated19) : x]
  iterated21 = [for x in concat(local.iterated20, local.iterated20) : x]
  iterated22 = [for x in concat(local.iterated21, local.iterated21) : x]
  iterated23 = [for x in concat(local.iterated22, local.iterated22) : x]
  iterated24 = [for x in concat(local.iterated23, local.iterated23) : x]
  iterated25 = [for x in concat(local.iterated24, local.iterated24) : x]
  iterated26 = [for x in concat(local.iterated25, local.iterated25) : x]
  iterated27 = [for x in concat(local.iterated26, local.iterated26) : x]
  iterated28 = [for x in concat(local.iterated27, local.iterated27) : x]
  iterated29 = [for x in concat(local.iterated28, local.iterated28) : x]
  iterated30 = [for x in concat(local.iterated29, local.iterated29) : x]
  iterated31 = [for x in concat(local.iterated30, local.iterated30) : x]
  iterated32 = [for x in concat(local.iterated31, local.iterated31) : x]
  iterated33 = [for x in concat(local.iterated32, local.iterated32) : x]
  iterated34 = [for x in concat(local.iterated33, local.iterated33) : x]
  iterated35 = [for x in concat(local.iterated34, local.iterated34) : x]
  iterated36 = [for x in concat(local.iterated35, local.iterated35) : x]
  iterated37 = [for x in concat(local.iterated36, local.iterated36) : x]
  iterated38 = [for x in concat(local.iterated37, local.iterated37) : x]
  iterated39 = [for x in concat(local.iterated38, local.iterated38) : x]
  iterated40 = [for x in concat(local.iterated39, local.iterated39) : x]
  iterated41 = [for x in concat(local.iterated40, local.iterated40) : x]
  iterated42 = [for x in concat(local.iterated41, local.iterated41) : x]
  iterated43 = [for x in concat(local.iterated42, local.iterated42) : x]
  iterated44 = [for x in concat(local.iterated43, local.iterated43) : x]
  iterated45 = [for x in concat(local.iterated44, local.iterated44) : x]
  iterated46 = [for x in concat(local.iterated45, local.iterated45) : x]
  iterated47 = [for x in concat(local.iterated46, local.iterated46) : x]
  iterated48 = [for x in concat(local.iterated47, local.iterated47) : x]
  iterated49 = [for x in concat(local.iterated48, local.iterated48) : x]
  iterated50 = [for x in concat(local.iterated49, local.iterated49) : x]
  iterated51 = [for x in concat(local.iterated50, local.iterated50) : x]
  iterated52 = [for x in concat(local.iterated51, local.iterated51) : x]
  iterated53 = [for x in concat(local.iterated52, local.iterated52) : x]
  iterated54 = [for x in concat(local.iterated53, local.iterated53) : x]
  iterated55 = [for x in concat(local.iterated54, local.iterated54) : x]
  iterated56 = [for x in concat(local.iterated55, local.iterated55) : x]
  iterated57 = [for x in concat(local.iterated56, local.iterated56) : x]
  iterated58 = [for x in concat(local.iterated57, local.iterated57) : x]
  iterated59 = [for x in concat(local.iterated58, local.iterated58) : x]
  iterated60 = [for x in concat(local.iterated59, local.iterated59) : x]
  iterated61 = [for x in concat(local.iterated60, local.iterated60) : x]
  iterated62 = [for x in concat(local.iterated61, local.iterated61) : x]
  iterated63 = [for x in concat(local.iterated62, local.iterated62) : x]
}

resource "aws_ecs_cluster" "iterated" {
  name = local.iterated63
}

locals {
  formatlisted0 = ["ab"]
  formatlisted1 = formatlist("%s%s", local.formatlisted0, local.formatlisted0)
  formatlisted2 = formatlist("%s%s", local.formatlisted1, local.formatlisted1)
  formatlisted3 = formatlist("%s%s", local.formatlisted2, local.formatlisted2)
  formatlisted4 = formatlist("%s%s", local.formatlisted3, local.formatlisted3)
  formatlisted5 = formatlist("%s%s", local.formatlisted4, local.formatlisted4)
  formatlisted6 = formatlist("%s%s", local.formatlisted5, local.formatlisted5)
  formatlisted7 = formatlist("%s%s", local.formatlisted6, local.formatlisted6)
  formatlisted8 = formatlist("%s%s", local.formatlisted7, local.formatlisted7)
  formatlisted9 = formatlist("%s%s", local.formatlisted8, local.formatlisted8)
  formatlisted10 = formatlist("%s%s", local.formatlisted9, local.formatlisted9)
  formatlisted11 = formatlist("%s%s", local.formatlisted10, local.formatlisted10)
  formatlisted12 = formatlist("%s%s", local.formatlisted11, local.formatlisted11)
  formatlisted13 = formatlist("%s%s", local.formatlisted12, local.formatlisted12)
  formatlisted14 = formatlist("%s%s", local.formatlisted13, local.formatlisted13)
  formatlisted15 = formatlist("%s%s", local.formatlisted14, local.formatlisted14)
  formatlisted16 = formatlist("%s%s", local.formatlisted15, local.formatlisted15)
  formatlisted17 = formatlist("%s%s", local.formatlisted16, local.formatlisted16)
  formatlisted18 = formatlist("%s%s", local.formatlisted17, local.formatlisted17)
  formatlisted19 = formatlist("%s%s", local.formatlisted18, local.formatlisted18)
  formatlisted20 = formatlist("%s%s", local.formatlisted19, local.formatlisted19)
  formatlisted21 = formatlist("%s%s", local.formatlisted20, local.formatlisted20)
  formatlisted22 = formatlist("%s%s", local.formatlisted21, local.formatlisted21)
  formatlisted23 = formatlist("%s%s", local.formatlisted22, local.formatlisted22)
  formatlisted24 = formatlist("%s%s", local.formatlisted23, local.formatlisted23)
  formatlisted25 = formatlist("%s%s", local.formatlisted24, local.formatlisted24)
  formatlisted26 = formatlist("%s%s", local.formatlisted25, local.formatlisted25)
  formatlisted27 = formatlist("%s%s", local.formatlisted26, local.formatlisted26)
  formatlisted28 = formatlist("%s%s", local.formatlisted27, local.formatlisted27)
  formatlisted29 = formatlist("%s%s", local.formatlisted28, local.formatlisted28)
  formatlisted30 = formatlist("%s%s", local.formatlisted29, local.formatlisted29)
  formatlisted31 = formatlist("%s%s", local.formatlisted30, local.formatlisted30)
  formatlisted32 = formatlist("%s%s", local.formatlisted31, local.formatlisted31)
  formatlisted33 = formatlist("%s%s", local.formatlisted32, local.formatlisted32)
  formatlisted34 = formatlist("%s%s", local.formatlisted33, local.formatlisted33)
  formatlisted35 = formatlist("%s%s", local.formatlisted34, local.formatlisted34)
  formatlisted36 = formatlist("%s%s", local.formatlisted35, local.formatlisted35)
  formatlisted37 = formatlist("%s%s", local.formatlisted36, local.formatlisted36)
  formatlisted38 = formatlist("%s%s", local.formatlisted37, local.formatlisted37)
  formatlisted39 = formatlist("%s%s", local.formatlisted38, local.formatlisted38)
  formatlisted40 = formatlist("%s%s", local.formatlisted39, local.formatlisted39)
  formatlisted41 = formatlist("%s%s", local.formatlisted40, local.formatlisted40)
  formatlisted42 = formatlist("%s%s", local.formatlisted41, local.formatlisted41)
  formatlisted43 = formatlist("%s%s", local.formatlisted42, local.formatlisted42)
  formatlisted44 = formatlist("%s%s", local.formatlisted43, local.formatlisted43)
  formatlisted45 = formatlist("%s%s", local.formatlisted44, local.formatlisted44)
  formatlisted46 = formatlist("%s%s", local.formatlisted45, local.formatlisted45)
  formatlisted47 = formatlist("%s%s", local.formatlisted46, local.formatlisted46)
  formatlisted48 = formatlist("%s%s", local.formatlisted47, local.formatlisted47)
  formatlisted49 = formatlist("%s%s", local.formatlisted48, local.formatlisted48)
  formatlisted50 = formatlist("%s%s", local.formatlisted49, local.formatlisted49)
  formatlisted51 = formatlist("%s%s", local.formatlisted50, local.formatlisted50)
  formatlisted52 = formatlist("%s%s", local.formatlisted51, local.formatlisted51)
  formatlisted53 = formatlist("%s%s", local.formatlisted52, local.formatlisted52)
  formatlisted54 = formatlist("%s%s", local.formatlisted53, local.formatlisted53)
  formatlisted55 = formatlist("%s%s", local.formatlisted54, local.formatlisted54)
  formatlisted56 = formatlist("%s%s", local.formatlisted55, local.formatlisted55)
  formatlisted57 = formatlist("%s%s", local.formatlisted56, local.formatlisted56)
  formatlisted58 = formatlist("%s%s", local.formatlisted57, local.formatlisted57)
  formatlisted59 = formatlist("%s%s", local.formatlisted58, local.formatlisted58)
  formatlisted60 = formatlist("%s%s", local.formatlisted59, local.formatlisted59)
  formatlisted61 = formatlist("%s%s", local.formatlisted60, local.formatlisted60)
  formatlisted62 = formatlist("%s%s", local.formatlisted61, local.formatlisted61)
  formatlisted63 = formatlist("%s%s", local.formatlisted62, local.formatlisted62)
}

resource "aws_ecs_cluster" "formatlisted" {
  name = local.formatlisted63
}
