(function(){
  function mark(id){
    var line=document.getElementById(id);
    if(!line||!line.classList.contains('line'))return false;
    document.querySelectorAll('.line.current').forEach(function(l){l.classList.remove('current');});
    line.classList.add('current');
    line.scrollIntoView({block:'center'});
    return true;
  }
  document.addEventListener('click',function(event){
    var link=event.target.closest('a.ev');
    if(!link)return;
    var id=link.getAttribute('href').slice(1);
    if(mark(id)){event.preventDefault();history.replaceState(null,'','#'+id);}
  });
  document.querySelectorAll('article.report').forEach(function(article){
    var list=article.querySelector('.elements');
    if(!list)return;
    var bar=document.createElement('div');bar.className='toolbar';
    [['all','显示全部要素'],['problems','只看缺失和部分']].forEach(function(item){
      var button=document.createElement('button');button.type='button';button.textContent=item[1];
      button.dataset.filter=item[0];if(item[0]==='all')button.classList.add('active');
      button.addEventListener('click',function(){
        article.classList.toggle('only-problems',item[0]==='problems');
        bar.querySelectorAll('button').forEach(function(b){b.classList.toggle('active',b===button);});
      });
      bar.appendChild(button);
    });
    // Element ids are for people writing rule packs or configuration: shown only when asked for.
    var label=document.createElement('label');var box=document.createElement('input');box.type='checkbox';
    box.checked=document.body.classList.contains('show-ids');
    box.addEventListener('change',function(){document.body.classList.toggle('show-ids',box.checked);
      document.querySelectorAll('.toolbar input').forEach(function(other){other.checked=box.checked;});});
    label.appendChild(box);label.appendChild(document.createTextNode(' 显示要素编号'));bar.appendChild(label);
    list.insertBefore(bar,list.firstChild);
    var count=article.querySelector('.hit-count');
    if(count){count.textContent='（共 '+article.querySelectorAll('.line.hit').length+' 行有证据，点击证据可跳到原文）';}
  });
  if(location.hash)mark(location.hash.slice(1));
  document.documentElement.dataset.ready='1';
})();
